using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecOps.BrowserTests.Support;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Triage;
using static Microsoft.Playwright.Assertions;

namespace SecOps.BrowserTests.Features.Triage;

/// <summary>
/// The board's numbers are the store's: the list's total, each kanban column's total and the groups equal what the
/// read API counts for the same query, and they follow live arrivals. A search that cannot run shows nothing.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "Browser")]
public sealed class TriageBoardCountsTests(BrowserFixture fixture)
{
    private static readonly string[] Statuses = ["open", "acknowledged", "in-progress", "closed"];

    [Fact]
    public async Task OnAStoreOf5000Alerts_TheListTotalAndEveryKanbanColumnTotal_EqualTheApisCount_AndFollowArrivals()
    {
        var tag = "count-" + Guid.NewGuid().ToString("N")[..8];
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        // 5,000 alerts in one bulk request: mostly open, the rest spread over the other statuses, over seven rules.
        var documents = Enumerable.Range(0, 5000).Select(i =>
        {
            var document = Documents.Alert(rule: $"{tag} rule {i % 7}", host: $"web-{i % 13:00}", at: at.AddSeconds(-i));
            document["kibana.alert.workflow_status"] = (i % 10) switch { 1 or 2 => "acknowledged", 3 => "in-progress", 4 or 5 => "closed", _ => "open" };
            return document;
        }).ToArray();
        await Documents.PostAsync(fixture.App.Client(), documents);
        var total = await ApiCountAsync(tag);
        var byStatus = new Dictionary<string, int>();
        foreach (var status in Statuses)
        {
            byStatus[status] = await ApiCountAsync($"{tag} AND status:{status}");
        }
        Assert.Equal(5000, total);
        Assert.Equal(total, byStatus.Values.Sum());

        var page = await fixture.SignedInPageAsync();
        var board = new TriageBoard(page);
        await page.GotoAsync("/triage?q=" + Uri.EscapeDataString(tag));
        await board.OpenAsync(navigate: false);
        await Expect(board.Count).ToHaveTextAsync($"200 of {total.ToString("N0", CultureInfo.InvariantCulture)}");

        await board.ShowAsync("Grouped");
        await Expect(page.Locator(".group-head")).ToHaveCountAsync(7);
        var groups = await page.Locator(".group-count").AllTextContentsAsync();
        Assert.Equal(total, groups.Sum(g => int.Parse(g, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)));

        await board.ShowAsync("Kanban");
        await ExpectColumnsAsync(page, byStatus);
        await Expect(page.Locator(".kanban-header").Nth(1)).ToHaveTextAsync($"Acknowledged {byStatus["acknowledged"]:N0} / 25");
        await BrowserFixture.ScreenshotAsync(page, "kanban-totals");

        // A new matching alert counts at once, in its column and in the list's total.
        await Documents.PostAsync(fixture.App.Client(), Documents.Alert(rule: $"{tag} rule arrival"));
        byStatus["open"]++;
        Assert.Equal(byStatus["open"], await ApiCountAsync($"{tag} AND status:open"));
        await ExpectColumnsAsync(page, byStatus);
        await board.ShowAsync("List");
        await Expect(board.Count).ToHaveTextAsync($"201 of {total + 1:N0}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ABrokenQueryInTheUrl_ShowsItsErrorAndAnEmptyBoard_AsTheApiAnswers400()
    {
        var tag = "broken-" + Guid.NewGuid().ToString("N")[..8];
        await Documents.PostAsync(fixture.App.Client(), Documents.Alert(rule: tag));
        var text = $"{tag} AND host:\"unterminated";
        using var api = await fixture.App.Client().GetAsync("/api/v1/alerts?query=" + Uri.EscapeDataString(text));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, api.StatusCode);

        var page = await fixture.SignedInPageAsync();
        await page.GotoAsync("/triage?q=" + Uri.EscapeDataString(text));

        await Expect(page.Locator("#board-query-error")).ToContainTextAsync("quote");
        await Expect(page.GetByLabel("Search alerts")).ToHaveValueAsync(text);
        await Expect(page.Locator("[data-query-broken=true]")).ToBeVisibleAsync();
        await Expect(new TriageBoard(page).Count).ToHaveTextAsync("0 of 0");
        await Expect(page.GetByRole(AriaRole.Option)).ToHaveCountAsync(0);
        // Nor does a live arrival appear under the broken search.
        await Documents.PostAsync(fixture.App.Client(), Documents.Alert(rule: tag + " live"));
        await Expect(new TriageBoard(page).Count).ToHaveTextAsync("0 of 0");
        await Expect(page.GetByRole(AriaRole.Option)).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "broken-query");
        await page.Context.CloseAsync();
    }

    private static async Task ExpectColumnsAsync(IPage page, Dictionary<string, int> byStatus)
    {
        var columns = page.Locator("section.kanban-column .kanban-count");
        await Expect(columns.Nth(0)).ToHaveTextAsync(byStatus["open"].ToString("N0", CultureInfo.InvariantCulture));
        await Expect(columns.Nth(1)).ToHaveTextAsync(new Regex($"^{byStatus["acknowledged"]:N0} / 25$"));
        await Expect(columns.Nth(2)).ToHaveTextAsync(new Regex($"^{byStatus["in-progress"]:N0} / 10$"));
        await Expect(columns.Nth(3)).ToHaveTextAsync(byStatus["closed"].ToString("N0", CultureInfo.InvariantCulture));
    }

    /// <summary>How many alerts the read API returns for a query, paging through every cursor.</summary>
    private async Task<int> ApiCountAsync(string query)
    {
        using var client = fixture.App.Client();
        var count = 0;
        string? cursor = null;
        do
        {
            var page = await client.GetFromJsonAsync<AlertReadEndpoints.AlertPage>(
                $"/api/v1/alerts?size=1000&query={Uri.EscapeDataString(query)}{(cursor is null ? "" : "&cursor=" + cursor)}");
            count += page!.Items.Count;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return count;
    }
}
