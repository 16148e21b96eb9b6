namespace SecOps.Web.Features.Alerts;

/// <summary>
/// The SQLite triggers that keep <see cref="AlertStatusTotal"/>. PostgreSQL has none and counts (an index-only scan):
/// a counter row updated once per alert piles up row versions within a transaction (a bulk close of 100,000 alerts ran
/// for minutes), and a statement-level trigger costs as much on each of EF Core's single-row updates.
/// An alert counts while <c>SuppressedBy</c> is null, in the status it holds; an update of <c>Status</c> or
/// <c>SuppressedBy</c> takes it out of its old cell and puts it in its new one. The migrations that ran these scripts
/// are history: a change here needs a new migration that drops and re-creates the triggers.
/// </summary>
public static class AlertStatusTotalTriggers
{
    // Rows for every status exist from the start, so the triggers only ever UPDATE.
    private const string Seed = """
        INSERT INTO "AlertStatusTotals" ("Status", "Count") VALUES (0, 0), (1, 0), (2, 0), (3, 0);
        UPDATE "AlertStatusTotals" SET "Count" = (SELECT COUNT(*) FROM "Alerts" WHERE "Alerts"."Status" = "AlertStatusTotals"."Status" AND "SuppressedBy" IS NULL);
        """;

    public const string SqliteUp = Seed + """
        CREATE TRIGGER "TR_Alerts_StatusTotals_Insert" AFTER INSERT ON "Alerts" WHEN NEW."SuppressedBy" IS NULL
        BEGIN
            UPDATE "AlertStatusTotals" SET "Count" = "Count" + 1 WHERE "Status" = NEW."Status";
        END;
        CREATE TRIGGER "TR_Alerts_StatusTotals_Delete" AFTER DELETE ON "Alerts" WHEN OLD."SuppressedBy" IS NULL
        BEGIN
            UPDATE "AlertStatusTotals" SET "Count" = "Count" - 1 WHERE "Status" = OLD."Status";
        END;
        CREATE TRIGGER "TR_Alerts_StatusTotals_Update" AFTER UPDATE OF "Status", "SuppressedBy" ON "Alerts"
        BEGIN
            UPDATE "AlertStatusTotals" SET "Count" = "Count" - 1 WHERE "Status" = OLD."Status" AND OLD."SuppressedBy" IS NULL;
            UPDATE "AlertStatusTotals" SET "Count" = "Count" + 1 WHERE "Status" = NEW."Status" AND NEW."SuppressedBy" IS NULL;
        END;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS "TR_Alerts_StatusTotals_Insert";
        DROP TRIGGER IF EXISTS "TR_Alerts_StatusTotals_Delete";
        DROP TRIGGER IF EXISTS "TR_Alerts_StatusTotals_Update";
        """;
}
