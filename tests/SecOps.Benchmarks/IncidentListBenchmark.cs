using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Incidents;

namespace SecOps.Benchmarks;

/// <summary>
/// Workload "incident-list" (issue #9): the incident list's first page over 100,000 incidents (and the alerts of the
/// compliance workload, one in ten linked to an incident), newest change first, as the app serves it: the list page's
/// call (<see cref="IncidentQueries.ListAsync"/>, default filter, 200 rows) for an administrator and for a responder who
/// is not one (need-to-know filtering is in that query: one incident in ten is restricted, the responder named on one
/// in five of those), and the read API (<c>GET /api/v1/incidents</c>, default page of 50) with a key that acts for
/// nobody and one that acts for the responder. Target: p95 at most 50 ms. Prints EF's SQL and SQLite's plan.
/// </summary>
public static class IncidentListBenchmark
{
    public const double TargetP95 = 50;
    private const string ResponderEmail = "bench-responder@secops.test";

    public static async Task RunAsync(BenchmarkSettings settings)
    {
        Console.WriteLine($"== incident-list: first page, default filter, over {settings.StoreIncidents:N0} incidents and {settings.StoreAlerts:N0} alerts ({settings.WarmupRuns} warm-up + {settings.Runs} runs per path)");
        using var host = new BenchmarkHost();
        var now = DateTimeOffset.UtcNow;
        var insert = AlertBulkLoad.Fill(host.DatabaseFile, settings.StoreAlerts, now);
        Console.WriteLine($"   bulk load: {settings.StoreAlerts:N0} alerts in {insert.TotalSeconds:F1} s");
        var admin = await PersonAsync(host, BenchmarkHost.AdminEmail, Roles.Admin);
        var responder = await PersonAsync(host, ResponderEmail, Roles.Responder);
        var stopwatch = Stopwatch.StartNew();
        var (restricted, named) = await IncidentBulkLoad.FillAsync(host, settings.StoreIncidents, now,
            new IncidentBulkLoad.Restriction(10, responder.Id, responder.Name, 5));
        var linked = LinkAlerts(host.DatabaseFile, settings.StoreIncidents);
        Console.WriteLine($"   incidents: {settings.StoreIncidents:N0} ({restricted:N0} restricted, the responder named on {named:N0}) in {stopwatch.Elapsed.TotalSeconds:F1} s; {linked:N0} alerts linked to them");

        var queries = host.Services.GetRequiredService<IncidentQueries>();
        var filter = new IncidentFilter();
        var met = true;
        foreach (var (who, actor) in new[] { ("administrator", admin), ("responder", responder) })
        {
            var page = await queries.ListAsync(actor, filter, CancellationToken.None);
            var times = await BoardTotalsBenchmark.TimeAsync(settings, () => queries.ListAsync(actor, filter, CancellationToken.None));
            met &= times.At(95) <= TargetP95;
            Console.WriteLine($"   ListAsync, {who,-13}: {page.Count} rows ({page.Count(i => i.Restricted)} restricted), newest #{page[0].Id}, {page.Sum(i => i.AlertCount)} linked alerts on the page");
            Console.WriteLine($"     {times.Tail()}");
        }

        var keys = host.Services.GetRequiredService<ApiKeys>();
        var responderKey = (await keys.CreateAsync(responder with { Permissions = PermissionTable.ForRole(Roles.Admin).ToHashSet() },
            "bench read for the responder", [PermissionTable.ScopeRead], TimeSpan.FromDays(1), CancellationToken.None)).Key;
        using var bootstrapClient = host.ApiClient();
        using var responderClient = host.ApiClient();
        responderClient.DefaultRequestHeaders.Authorization = new("ApiKey", responderKey);
        foreach (var (who, client) in new[] { ("bootstrap key (acts for nobody)", bootstrapClient), ("key acting for the responder", responderClient) })
        {
            using (var response = await client.GetAsync("/api/v1/incidents"))
            {
                response.EnsureSuccessStatusCode();
                Console.WriteLine($"   GET /api/v1/incidents, {who}: {(await response.Content.ReadAsByteArrayAsync()).Length:N0} bytes");
            }
            var times = await BoardTotalsBenchmark.TimeAsync(settings, async () =>
            {
                using var response = await client.GetAsync("/api/v1/incidents");
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsByteArrayAsync();
            });
            met &= times.At(95) <= TargetP95;
            Console.WriteLine($"     {times.Tail()}");
        }

        foreach (var (who, actor) in new[] { ("administrator", admin), ("responder", responder) })
        {
            using var plan = PlanFor(host, actor);
            Console.WriteLine($"   list query for the {who} (ToQueryString):");
            Console.WriteLine("     " + plan.Sql.Replace("\n", "\n     ", StringComparison.Ordinal));
            foreach (var step in plan.Explain())
            {
                Console.WriteLine("     plan " + step);
            }
            Console.WriteLine($"     bare SQL (no EF) {plan.Time(5, 50).Tail()}");
        }
        Console.WriteLine($"   target p95 <= {TargetP95} ms (every path above): {(met ? "met" : "MISSED")}");
    }

    /// <summary>A real account with <paramref name="role"/> (the administrator exists already: bootstrap).</summary>
    private static async Task<Actor> PersonAsync(BenchmarkHost host, string email, string role)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new SecOpsUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Bench Responder" };
            var created = await users.CreateAsync(user, "Bench-Responder-Password-2026!");
            if (!created.Succeeded || !(await users.AddToRoleAsync(user, role)).Succeeded)
            {
                throw new InvalidOperationException($"Could not create {email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
            }
        }
        return new Actor(user.Id, email, PermissionTable.ForRole(role).ToHashSet());
    }

    /// <summary>Links one alert in ten to an incident (ids 1..incidents), so the page's alert counts have rows to count.</summary>
    private static int LinkAlerts(string databaseFile, int incidents)
    {
        using var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False;Default Timeout=60");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """UPDATE "Alerts" SET "IncidentId" = ("Id" / 10 % $incidents) + 1 WHERE "Id" % 10 = 0""";
        command.Parameters.AddWithValue("$incidents", incidents);
        return command.ExecuteNonQuery();
    }

    private static SqlitePlan PlanFor(BenchmarkHost host, Actor actor)
    {
        using var db = host.Services.GetRequiredService<IDbContextFactory<SecOpsDbContext>>().CreateDbContext();
        var sql = db.Incidents.AsNoTracking().Visible(db, actor)
            .OrderByDescending(i => i.UpdatedAt).ThenByDescending(i => i.Id).Take(IncidentQueries.PageSize + 1).ToQueryString();
        return new SqlitePlan(host.DatabaseFile, sql);
    }
}
