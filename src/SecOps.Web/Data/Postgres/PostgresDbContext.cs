using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SecOps.Web.Data.Postgres;

/// <summary>
/// The store's model on PostgreSQL (<c>SecOps:Store:Provider=Postgres</c>). A type of its own only so EF keeps its
/// migrations (<c>Data/Postgres/Migrations</c>) apart from SQLite's; the model, including UTC ticks for times, is the same,
/// so both providers order, compare and page alike, except the trigger-kept status totals and compliance day aggregates,
/// which are SQLite's only (<see cref="Features.Alerts.AlertStatusTotalTriggers"/>, <see cref="Features.Compliance.ComplianceAggregates"/>).
/// </summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : SecOpsDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Ignore<Features.Alerts.AlertStatusTotal>();
        builder.Ignore<Features.Compliance.ComplianceAlertDay>();
        builder.Ignore<Features.Compliance.ComplianceDurationDay>();
        builder.Ignore<Features.Compliance.ComplianceIncidentDay>();
        builder.Ignore<Features.Compliance.ComplianceSlaTarget>();
    }
}

/// <summary>For <c>dotnet ef migrations add X --context PostgresDbContext</c>; no server is contacted.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresDbContext>
{
    public PostgresDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql("Host=localhost;Database=secops_design").Options);
}

/// <summary>
/// For <c>dotnet ef migrations add X --context SecOpsDbContext</c> (SQLite's migrations). Without it the tools may take the
/// PostgreSQL factory above for the base type, since that context is a SecOpsDbContext too.
/// </summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SecOpsDbContext>
{
    public SecOpsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SecOpsDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
