using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Elasticsearch.Tail;

namespace SecOps.Web.Elasticsearch.WriteBack;

/// <summary>
/// How far write-back has confirmed the change feed: every triage change up to <see cref="Seq"/> has been written to
/// (or resolved with) Elasticsearch. Kept in the source checkpoints table as <c>elasticsearch:writeback</c>, with the
/// sequence number in the tiebreaker column and the time of that feed entry as its time, so no migration is needed.
/// </summary>
public sealed record WriteBackPosition(long Seq, DateTimeOffset At, bool Stored)
{
    public const string Name = "elasticsearch:writeback";

    public static async Task<WriteBackPosition> LoadAsync(IDbContextFactory<SecOpsDbContext> contexts, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.SourceCheckpoints.AsNoTracking().FirstOrDefaultAsync(c => c.Source == Name, cancellationToken);
        return row is not null && long.TryParse(row.LastTiebreaker, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? new WriteBackPosition(seq, row.LastTime, true)
            : new WriteBackPosition(0, DateTimeOffset.MinValue, false);
    }

    public async Task<WriteBackPosition> SaveAsync(StoreWriter writer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(async (db, _, ct) =>
        {
            var row = await db.SourceCheckpoints.FirstOrDefaultAsync(c => c.Source == Name, ct);
            if (row is null)
            {
                row = new SourceCheckpoint { Source = Name };
                db.Add(row);
            }
            row.LastTime = At;
            row.LastTiebreaker = Seq.ToString(CultureInfo.InvariantCulture);
            row.UpdatedAt = now;
            return true;
        }, cancellationToken);
        return this with { Stored = true };
    }
}
