using System.Security.Claims;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Web.Features.Live;
using SecOps.Tests.Support;
using SecOps.Web.Components.Layout;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Ingest;
using SecOps.Web.Features.Sla;
using SecOps.Web.Features.Suppression;
using SecOps.Web.Features.Triage;
using SecOps.Web.Features.Triage.Views;

namespace SecOps.Tests.Components.Shared;

/// <summary>
/// Every string a person entered, where the app shows it: stored as it was before cleaning existed (so this is the
/// display side's proof), it renders with no control or bidi formatting character, and the app's own words around it
/// ("shared by", "assigned to") read in order.
/// </summary>
public sealed class UserTextTests : ComponentTest
{
    // A right-to-left override with no end: unclean, it turns everything after it on the line around.
    private const string Hostile = "mal\u202Elory\u2066x\u2069\u200F";
    private const string Cleaned = "mal\uFFFDlory\uFFFDx\uFFFD\uFFFD";

    private readonly SqliteStore _store;
    private readonly BunitAuthorizationContext _auth;
    private readonly Actor _analyst = new("analyst-1", "analyst@example.test", PermissionTable.ForRole(Roles.Analyst).ToHashSet());

    public UserTextTests()
    {
        _store = new SqliteStore(Services);
        Services.AddSingleton<BoardViews>();
        Services.AddSingleton<FeedReader>();
        Services.AddSingleton<StoreWriter>();
        Services.AddSingleton<Suppressions>();
        Services.AddSingleton<TriagePeople>();
        Services.AddSingleton<UserPreferences>();
        Services.AddSingleton<SecOps.Web.Features.Notes.AlertNotes>();
        Services.AddSingleton<AlertTriage>();
        Services.AddOptions<KanbanOptions>();
        Services.AddSingleton<AntiforgeryStateProvider, FixedAntiforgery>();
        _auth = AddAuthorization();
        _auth.SetAuthorized("analyst@example.test");
        _auth.SetRoles(Roles.Analyst);
        _auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, "analyst-1"));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _store.Dispose();
    }

    public static TheoryData<string> Fields =>
    [
        "view name", "view owner", "suppression reason", "close comment", "history actor", "history assignee", "row assignee",
        "kanban assignee", "drawer viewers", "row viewers", "signed-in name", "view name in delete",
    ];

    [Theory]
    [MemberData(nameof(Fields))]
    public void UserEnteredText_RendersWithoutControlOrBidiCharacters_AndTheCreditReadsInOrder(string field)
    {
        var (shown, inOrder) = Shown(field);
        // Whitespace between elements is the markup's, not the person's.
        var text = Regex.Replace(shown, @"\s+", " ");

        Assert.DoesNotContain(text, DisplayText.IsUnsafe);
        var at = -1;
        foreach (var piece in inOrder)
        {
            var next = text.IndexOf(piece, at + 1, StringComparison.Ordinal);
            Assert.True(next > at, $"'{piece}' should follow in \"{text}\"");
            at = next;
        }
    }

    public static TheoryData<string> StoredFields => ["view name", "view owner", "suppression reason", "close comment", "signed-in name"];

    [Theory]
    [MemberData(nameof(StoredFields))]
    public async Task UserEnteredText_IsStoredWithoutControlOrBidiCharacters(string field)
    {
        var hostileActor = _analyst with { Name = Hostile };
        var stored = field switch
        {
            "view name" => (await Services.GetRequiredService<BoardViews>().SaveAsync(_analyst, Hostile, "severity:high", true, CancellationToken.None)).Name,
            "view owner" => (await Services.GetRequiredService<BoardViews>().SaveAsync(hostileActor, "Night shift", "severity:high", true, CancellationToken.None)).OwnerName,
            "suppression reason" => (await Services.GetRequiredService<Suppressions>().CreateAsync(_analyst,
                new Suppressions.Draft(Hostile, "Brute force", null, null, null, TimeSpan.FromDays(1), false, null), CancellationToken.None)).Reason,
            "close comment" => await ClosedWithCommentAsync(Hostile + "\r\nsecond line"),
            "signed-in name" => Actor.From(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u9"), new Claim(ClaimTypes.Name, Hostile)], "test"))).Name,
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
        };

        Assert.StartsWith(Cleaned, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(stored, c => DisplayText.IsUnsafe(c) && c != '\n');
    }

    /// <summary>The kanban queries its columns from the store: one open alert assigned to the hostile name.</summary>
    private string KanbanMeta()
    {
        _store.Add(new Alert
        {
            DocumentId = "doc-k", RuleName = "Rule", HostName = "host-1", Severity = Severity.High, Fingerprint = "fp-k", AssigneeName = Hostile,
            EventTime = Time.GetUtcNow(), AlertTime = Time.GetUtcNow(), IngestedAt = Time.GetUtcNow(), UpdatedAt = Time.GetUtcNow(),
        });
        var totals = new BoardTotals();
        totals.WatchAsync(Services.GetRequiredService<AlertQueries>(), _analyst, AlertQuery.All, a => { a(); return Task.CompletedTask; }, () => { }).GetAwaiter().GetResult();
        var kanban = Render<AlertKanban>(p => p.Add(k => k.Query, AlertQuery.All).Add(k => k.Actor, _analyst).Add(k => k.Totals, totals));
        kanban.WaitForElement(".kanban-meta");
        return kanban.Find(".kanban-meta").TextContent;
    }

    private async Task<string> ClosedWithCommentAsync(string comment)
    {
        _store.Add(new Alert
        {
            DocumentId = "doc-1", RuleName = "Brute force", HostName = "host-1", Severity = Severity.High, Fingerprint = "fp-1",
            EventTime = Time.GetUtcNow(), AlertTime = Time.GetUtcNow(), IngestedAt = Time.GetUtcNow(), UpdatedAt = Time.GetUtcNow(),
        });
        var triage = Services.GetRequiredService<AlertTriage>();
        var alert = Assert.Single(await Services.GetRequiredService<AlertQueries>().GetManyAsync(_analyst, [1], CancellationToken.None));
        Assert.True((await triage.CloseAsync(_analyst, alert.Id, CloseReason.Benign, comment, CancellationToken.None)).Succeeded);
        var step = Assert.Single(await triage.HistoryAsync(_analyst, alert.Id, CancellationToken.None));
        // A comment keeps its line breaks (CR LF becomes LF); nothing else of the control range survives.
        Assert.Equal(Cleaned + "\nsecond line", step.Comment);
        return step.Comment!;
    }

    /// <summary>The text the field is shown in, and the pieces it must show in this order.</summary>
    private (string Text, string[] InOrder) Shown(string field) => field switch
    {
        "view name" => (ViewItem(new SavedView { OwnerId = "u2", OwnerName = "bob", Name = Hostile, Query = "severity:high", Shared = true }),
            [Cleaned, "· shared by", "bob"]),
        "view owner" => (ViewItem(new SavedView { OwnerId = "u2", OwnerName = Hostile, Name = "Night shift", Query = "severity:high", Shared = true }),
            ["Night shift", "· shared by", Cleaned]),
        "view name in delete" => (DeleteItem(new SavedView { OwnerId = _analyst.Id, OwnerName = "me", Name = Hostile, Query = "severity:high" }),
            ["Delete “", Cleaned, "”"]),
        "suppression reason" => (SuppressionRow(Hostile), ["rule “Brute force”", Cleaned, "hide"]),
        "close comment" => (History(new AlertTransition { AlertId = 5, ActorId = "a", ActorName = "ana", ToStatus = AlertStatus.Closed, Comment = Hostile }),
            ["ana", "open → closed", Cleaned]),
        "history actor" => (History(new AlertTransition { AlertId = 5, ActorId = "a", ActorName = Hostile, ToStatus = AlertStatus.Acknowledged }),
            [Cleaned, "open → acknowledged"]),
        "history assignee" => (History(new AlertTransition { AlertId = 5, ActorId = "a", ActorName = "ana", ToStatus = AlertStatus.InProgress, ToAssignee = Hostile }),
            ["ana", "open → in-progress", "assigned to", Cleaned]),
        "row assignee" => (Row(Alerts.View(1) with { Assignee = Hostile }).Find(".alert-row").TextContent, ["Rule", Cleaned]),
        "kanban assignee" => (KanbanMeta(), ["host-1", Cleaned]),
        "drawer viewers" => (Render<AlertDetailPanel>(p => p.Add(d => d.Detail, Detail()).Add(d => d.Viewers, [Hostile, "cy"])).Find(".detail-viewers").TextContent,
            ["Also viewing:", Cleaned, ", cy"]),
        "row viewers" => (Row(Alerts.View(1), viewers: [Hostile, "cy"]).Find(".alert-viewers").GetAttribute("title")!, ["Viewing now:", Cleaned, ", cy"]),
        "signed-in name" => (SignedInName(), [Cleaned]),
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private void Store(Action<SecOpsDbContext> add)
    {
        using var db = Services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>().CreateDbContext();
        add(db);
        db.SaveChanges();
    }

    private IElement OpenViewsMenu()
    {
        var menu = Render<ViewsMenu>(p => p.Add(m => m.Actor, _analyst).Add(m => m.Query, "severity:high").Add(m => m.Columns, new HashSet<string>()));
        menu.Find("button[aria-label='Saved views']").Click();
        return menu.Find("[role=menu]");
    }

    private string ViewItem(SavedView view)
    {
        Store(db => db.SavedViews.Add(view));
        var item = OpenViewsMenu().QuerySelectorAll("[role=menuitem]").First(i => i.QuerySelector(".view-owner")?.TextContent.Contains("shared by", StringComparison.Ordinal) == true);
        // Each name is isolated in its own <bdi>, so even right-to-left letters cannot move the credit.
        Assert.Equal(2, item.QuerySelectorAll("bdi").Length);
        return item.TextContent;
    }

    private string DeleteItem(SavedView view)
    {
        Store(db => db.SavedViews.Add(view));
        return OpenViewsMenu().QuerySelectorAll("[role=menuitem]").Single(i => i.TextContent.Contains("Delete", StringComparison.Ordinal)).TextContent;
    }

    private string SuppressionRow(string reason)
    {
        Store(db => db.SuppressionRules.Add(new SuppressionRule
        {
            Reason = reason, RuleName = "Brute force", CreatedBy = "u2", CreatedAt = Time.GetUtcNow(), ExpiresAt = Time.GetUtcNow().AddDays(1),
        }));
        var page = Render<SuppressionsPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("tbody tr")));
        return page.Find("tbody tr").TextContent;
    }

    private static AlertDetail Detail(params AlertTransition[] history) => new(Alerts.View(5), "{}", history, []);

    private string History(AlertTransition step)
    {
        var panel = Render<AlertDetailPanel>(p => p.Add(d => d.Detail, Detail(step)).Add(d => d.Now, Time.GetUtcNow()));
        panel.FindAll(".mud-tab").First(t => t.TextContent.StartsWith("History", StringComparison.Ordinal)).Click();
        return panel.Find(".detail-history li").TextContent;
    }

    private IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> Row(AlertView alert, IReadOnlyList<string>? viewers = null)
    {
        var sla = Services.GetRequiredService<SlaClock>().Evaluate(alert, Time.GetUtcNow());
        return Render(AlertRowMarkup.Html(new AlertRowModel(alert, sla, AlertRowMarkup.AllColumns, Viewers: viewers)).Fragment);
    }

    private string SignedInName()
    {
        _auth.SetAuthorized(Hostile);
        return Render<UserMenu>().Find("span.mud-typography").TextContent;
    }

    private sealed class FixedAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken GetAntiforgeryToken() => new("token-value", "__RequestVerificationToken");
    }
}
