using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Live;
using SecOps.Web.Features.Operations;
using SecOps.Web.Features.Triage;

namespace SecOps.Tests.Support;

/// <summary>
/// A real SQLite store in memory (the connection stays open for the test) with the read services components call,
/// for component tests that need data behind a feature service.
/// </summary>
public sealed class SqliteStore : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public SqliteStore(IServiceCollection services)
    {
        _connection.Open();
        services.AddLogging();
        services.AddDbContextFactory<SecOpsDbContext>(o => o.UseSqlite(_connection));
        services.AddSingleton<AuditTrail>();
        // The audit chain's key from configuration (no key file), its anchor file in a directory of this store's own.
        services.Configure<SecretOptions>(o => o.AuditKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        services.AddOptions<AuditOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new SecOps.Web.Hosting.DataPaths(Path.Combine(Path.GetTempPath(), "secops-unit-" + Guid.NewGuid().ToString("N"))));
        services.AddSingleton<AuditKey>();
        // No anchor index is configured, so the Elasticsearch client behind it is never called.
        services.AddHttpClient();
        services.AddOptions<SecOps.Web.Elasticsearch.ElasticsearchOptions>();
        services.TryAddSingleton<SecOps.Web.Elasticsearch.IElasticsearchClient, SecOps.Web.Elasticsearch.ElasticsearchClient>();
        services.AddSingleton<AuditAnchorIndex>();
        services.AddSingleton<AuditAnchors>();
        services.AddSingleton<AccessGuard>();
        services.AddSingleton<AlertViewCache>();
        services.AddSingleton<AlertQueries>();
        services.AddSingleton<LiveFeed>();
        services.AddOptions<LiveOptions>();
        services.AddSingleton<SharedAggregates>();
        services.AddSingleton<SecOpsMetrics>();
        using var db = new SecOpsDbContext(new DbContextOptionsBuilder<SecOpsDbContext>().UseSqlite(_connection).Options);
        db.Database.EnsureCreated();
        // EnsureCreated runs no migration SQL: the compliance triggers are created here, as the migration does.
        db.Database.ExecuteSqlRaw(SecOps.Web.Features.Compliance.ComplianceAggregates.SqliteUp());
        db.Database.ExecuteSqlRaw(SecOps.Web.Features.Compliance.IncidentClockTriggers.SqliteUp);
        SecOps.Web.Features.Compliance.ComplianceAggregates.SyncAsync(db, new SecOps.Web.Features.Sla.SlaOptions(), CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Add(params Alert[] alerts)
    {
        using var db = new SecOpsDbContext(new DbContextOptionsBuilder<SecOpsDbContext>().UseSqlite(_connection).Options);
        db.Alerts.AddRange(alerts);
        db.SaveChanges();
    }

    public void Dispose() => _connection.Dispose();
}
