using System.Net.Http.Json;
using System.Text.Json;
using SecOps.IntegrationTests.Elasticsearch.Tail;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Shippers;

/// <summary>Reads what shippers delivered back through the public read API, as any API client would.</summary>
public static class ShippedAlerts
{
    public static async Task<List<AlertView>> ReadAsync(SecOpsApp app, string query = "")
    {
        var alerts = new List<AlertView>();
        string? cursor = null;
        do
        {
            var url = "/api/v1/alerts?size=200&query=" + Uri.EscapeDataString(query) + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await app.Client().GetFromJsonAsync<AlertReadEndpoints.AlertPage>(url, JsonSerializerOptions.Web);
            alerts.AddRange(page!.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return alerts;
    }

    /// <summary>Polls the read API until <paramref name="count"/> alerts are there (or fails with what was there).</summary>
    public static async Task<List<AlertView>> WaitForAsync(SecOpsApp app, int count, Func<string> diagnostics, string query = "")
    {
        List<AlertView> alerts = [];
        await Eventually.HoldsAsync(async () => (alerts = await ReadAsync(app, query)).Count >= count,
            () => $"expected {count} alerts through the read API, found {alerts.Count}.\n{diagnostics()}", TimeSpan.FromSeconds(60));
        return alerts;
    }
}
