using Microsoft.Extensions.Options;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Automation;

namespace SecOps.Web.Features.OnCall;

public static class OnCallSetup
{
    public static IHostApplicationBuilder AddSecOpsOnCall(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<OnCallOptions>().BindConfiguration(OnCallOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OnCallOptions>, RotaValidation>();
        builder.Services.AddSingleton<OnCallRota>();
        builder.Services.AddOptions<OnCallPagingOptions>().BindConfiguration(OnCallPagingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OnCallPagingOptions>, PagingValidation>();
        builder.Services.AddSingleton<PageAcknowledgeLinks>();
        builder.Services.AddSingleton<PageDelivery>();
        builder.Services.AddSingleton<DutyPages>();
        builder.Services.AddSingleton<OnCallPager>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OnCallPager>());
        return builder;
    }

    /// <summary>Start-up fails naming the team and what is wrong with its rota.</summary>
    private sealed class RotaValidation : IValidateOptions<OnCallOptions>
    {
        public ValidateOptionsResult Validate(string? name, OnCallOptions options) =>
            options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }

    /// <summary>Paging names a team of the rota and has a mail server to page through.</summary>
    private sealed class PagingValidation(IOptions<OnCallOptions> rota, IOptions<AutomationOptions> automation) : IValidateOptions<OnCallPagingOptions>
    {
        public ValidateOptionsResult Validate(string? name, OnCallPagingOptions options)
        {
            if (options.Team is not { } team)
            {
                return ValidateOptionsResult.Success;
            }
            if (!rota.Value.Teams.Any(t => string.Equals(t.Name, team, StringComparison.OrdinalIgnoreCase)))
            {
                return ValidateOptionsResult.Fail($"SecOps:OnCall:Paging:Team '{team}' is not a team of SecOps:OnCall:Teams.");
            }
            for (var i = 0; i < options.Routes.Count; i++)
            {
                var route = options.Routes[i];
                if (!rota.Value.Teams.Any(t => string.Equals(t.Name, route.Team, StringComparison.OrdinalIgnoreCase)))
                {
                    return ValidateOptionsResult.Fail($"SecOps:OnCall:Paging:Routes:{i}:Team '{route.Team}' is not a team of SecOps:OnCall:Teams.");
                }
                if (route.Sources.Count == 0 && route.Rules.Count == 0 && route.Severities.Count == 0 && route.IncidentTeams.Count == 0)
                {
                    return ValidateOptionsResult.Fail($"SecOps:OnCall:Paging:Routes:{i} matches nothing: give it Sources, Rules, Severities or IncidentTeams.");
                }
                if (route.Severities.FirstOrDefault(s => !AlertVocabulary.TryParseSeverity(s, out _)) is { } severity)
                {
                    return ValidateOptionsResult.Fail($"SecOps:OnCall:Paging:Routes:{i}:Severities '{severity}' is not a severity (low, medium, high, critical).");
                }
                if (route.Rules.Any(string.IsNullOrWhiteSpace))
                {
                    return ValidateOptionsResult.Fail($"SecOps:OnCall:Paging:Routes:{i}:Rules has an empty pattern.");
                }
            }
            return automation.Value.Smtp is { Host: { Length: > 0 }, From: { Length: > 0 } }
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("SecOps:OnCall:Paging pages by email, so SecOps:Automation:Smtp needs Host and From.");
        }
    }
}
