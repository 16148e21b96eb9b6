namespace SecOps.Web.Features.Automation;

/// <summary>One firing of a rule as the admin page lists it (the audit trail holds the lasting record); Succeeded is null while under way.</summary>
public sealed record AutomationFiring(DateTimeOffset At, string Rule, string Subject, string Outcome, bool? Succeeded);
