using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Admin;

namespace SecOps.Web.Features.Retention;

/// <summary>
/// <c>/admin/retention</c>: each kind's period and where it comes from, what a purge now would delete (a dry run), the
/// latest runs, a change of period asked for through <see cref="Approvals"/>, and a purge run at once.
/// </summary>
public sealed partial class RetentionPage
{
    private readonly Dictionary<RetentionKind, string> _entered = RetentionKinds.All.ToDictionary(k => k, _ => "");
    private Actor _actor = Actor.Anonymous;
    private IReadOnlyList<RetentionSetting>? _settings;
    private RetentionCounts? _preview;
    private IReadOnlyList<RetentionRun>? _runs;
    private AdminResult? _result;
    private bool _denied;
    private bool _busy;
    private bool _interactive;

    [Inject] private RetentionPolicies Policies { get; set; } = default!;
    [Inject] private RetentionPurge Purge { get; set; } = default!;
    [Inject] private Approvals Approvals { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _actor = Actor.From((await AuthenticationState).User);
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private async Task LoadAsync()
    {
        try
        {
            _settings = await Policies.ListAsync(_actor, CancellationToken.None);
            _preview = await Purge.PreviewAsync(_actor, CancellationToken.None);
            _runs = await Purge.RecentRunsAsync(_actor, 10, CancellationToken.None);
        }
        catch (AccessDeniedException)
        {
            _denied = true;
        }
    }

    private async Task RequestAsync(RetentionKind kind)
    {
        if (!RetentionKinds.TryParse(_entered[kind], out var days))
        {
            _result = new(AdminOutcome.Failed, $"Enter a number of days from {RetentionKinds.MinimumDays} to {RetentionKinds.MaximumDays}, or \"{RetentionKinds.Keep}\" to keep it forever.");
            return;
        }
        await ActAsync(async () => _result = await Approvals.RequestRetentionChangeAsync(_actor, kind, days, CancellationToken.None));
        _entered[kind] = "";
    }

    private Task RunNowAsync() => ActAsync(async () =>
    {
        var counts = await Purge.RunNowAsync(_actor, CancellationToken.None);
        _result = new(AdminOutcome.Applied,
            $"Purge done: {Count(counts.Alerts, "closed alert")}, {Count(counts.AuditEvents, "audit event")}, {Count(counts.Incidents, "closed incident")} and {Count(counts.AutomationFirings, "automation firing")} deleted.");
    });

    private async Task ActAsync(Func<Task> action)
    {
        _busy = true;
        try
        {
            await action();
        }
        catch (AccessDeniedException)
        {
            _result = new(AdminOutcome.Refused, "Your role cannot manage retention.");
        }
        finally
        {
            _busy = false;
        }
        await LoadAsync();
    }

    private string PreviewOf(RetentionKind kind) => _preview is not { } p ? "" : kind switch
    {
        RetentionKind.ClosedAlerts => Count(p.Alerts, "alert") + (p.AlertNotes > 0 ? $" ({Count(p.AlertNotes, "note")})" : ""),
        RetentionKind.AuditEvents => Count(p.AuditEvents, "event"),
        RetentionKind.ClosedIncidents => Count(p.Incidents, "incident") + (p.AlertsUnlinked > 0 ? $" ({Count(p.AlertsUnlinked, "alert")} unlinked)" : ""),
        _ => Count(p.AutomationFirings, "firing"),
    };

    private static string Count(int n, string noun) => n.ToString("N0", CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");

    private static string Date(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "";
}
