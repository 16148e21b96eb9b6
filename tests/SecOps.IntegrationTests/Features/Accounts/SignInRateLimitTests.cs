using System.Net;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Audit;

namespace SecOps.IntegrationTests.Features.Accounts;

/// <summary>Issue #12: sign-in posts are rate-limited per client address, the refusal audited once per window.</summary>
public sealed class SignInRateLimitTests
{
    [Fact]
    public async Task SignInPosts_OverTheLimit_Answer429_AndOneAuditRecord()
    {
        using var app = new SecOpsApp(new Dictionary<string, string?> { ["SecOps:Accounts:SignInAttemptsPerMinute"] = "3" });
        using var browser = new AccountClient(app);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add((await browser.SubmitPasswordAsync("nobody@example.test", "Wrong-Password-" + i)).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], answers.Take(3));
        Assert.All(answers.Skip(3), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
        // Pages themselves (GET) are not limited.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/login")).Status);
        await using var db = await app.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var refusals = await db.AuditRecords.Where(r => r.Action == "account.rate-limited").ToListAsync();
        Assert.Equal(AuditOutcome.Refused, Assert.Single(refusals).Outcome);
        Assert.Equal(3, await db.AuditRecords.CountAsync(r => r.Action == "account.sign-in" && r.Outcome == AuditOutcome.Failed && r.ActorId == "anonymous"));
    }
}
