using SecOps.Web.Features.Incidents;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// The triggers that keep <see cref="Incident.FirstContainedAt"/> and <see cref="Incident.FirstResolvedAt"/> equal to the
/// first matching entry of the incident's history (a phase change into containment; a status change to resolved or
/// closed), on SQLite and PostgreSQL alike: any insert, change or removal of a phase or status entry recomputes the two
/// times of its incident from its history, so MTTC and MTTR read two columns of an index instead of searching every
/// incident's history. History entries are few per incident, so a row trigger costs little on PostgreSQL too (unlike the
/// per-alert counters <see cref="ComplianceAggregates"/> keeps on SQLite only). The migrations that ran these scripts
/// are history: a change here needs a new migration that re-creates the triggers and recomputes the columns.
/// </summary>
public static class IncidentClockTriggers
{
    private static readonly int Phase = (int)IncidentEventKind.PhaseChanged;
    private static readonly int Status = (int)IncidentEventKind.StatusChanged;

    private static string Contained => "%→ " + IncidentVocabulary.Label(IncidentPhase.Containment);
    private static string Resolved => "%→ " + IncidentVocabulary.Label(IncidentStatus.Resolved);
    private static string Closed => "%→ " + IncidentVocabulary.Label(IncidentStatus.Closed);

    /// <summary>SET clause recomputing both times of the incident whose id is <paramref name="id"/>.</summary>
    private static string Recompute(string id) => $"""
        "FirstContainedAt" = (SELECT MIN(e."At") FROM "IncidentEvents" e WHERE e."IncidentId" = {id} AND e."Kind" = {Phase} AND e."Text" LIKE '{Contained}'),
        "FirstResolvedAt" = (SELECT MIN(e."At") FROM "IncidentEvents" e WHERE e."IncidentId" = {id} AND e."Kind" = {Status} AND (e."Text" LIKE '{Resolved}' OR e."Text" LIKE '{Closed}'))
        """;

    /// <summary>Fills the columns for the incidents that exist (the migration's backfill).</summary>
    public static string Backfill => $"""UPDATE "Incidents" SET {Recompute("\"Incidents\".\"Id\"")};""";

    public static string SqliteUp => Backfill + $"""

        CREATE TRIGGER "TR_IncidentEvents_Clock_Insert" AFTER INSERT ON "IncidentEvents" WHEN NEW."Kind" IN ({Phase}, {Status})
        BEGIN
            UPDATE "Incidents" SET {Recompute("NEW.\"IncidentId\"")} WHERE "Id" = NEW."IncidentId";
        END;
        CREATE TRIGGER "TR_IncidentEvents_Clock_Delete" AFTER DELETE ON "IncidentEvents" WHEN OLD."Kind" IN ({Phase}, {Status})
        BEGIN
            UPDATE "Incidents" SET {Recompute("OLD.\"IncidentId\"")} WHERE "Id" = OLD."IncidentId";
        END;
        CREATE TRIGGER "TR_IncidentEvents_Clock_Update" AFTER UPDATE OF "IncidentId", "Kind", "Text", "At" ON "IncidentEvents"
        BEGIN
            UPDATE "Incidents" SET {Recompute("OLD.\"IncidentId\"")} WHERE "Id" = OLD."IncidentId";
            UPDATE "Incidents" SET {Recompute("NEW.\"IncidentId\"")} WHERE "Id" = NEW."IncidentId";
        END;
        """;

    public const string SqliteDown = """
        DROP TRIGGER IF EXISTS "TR_IncidentEvents_Clock_Insert";
        DROP TRIGGER IF EXISTS "TR_IncidentEvents_Clock_Delete";
        DROP TRIGGER IF EXISTS "TR_IncidentEvents_Clock_Update";
        """;

    public static string PostgresUp => Backfill + $$"""

        CREATE FUNCTION "incident_events_clock"() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
            IF TG_OP <> 'INSERT' AND OLD."Kind" IN ({{Phase}}, {{Status}}) THEN
                UPDATE "Incidents" SET {{Recompute("OLD.\"IncidentId\"")}} WHERE "Id" = OLD."IncidentId";
            END IF;
            IF TG_OP <> 'DELETE' AND NEW."Kind" IN ({{Phase}}, {{Status}}) THEN
                UPDATE "Incidents" SET {{Recompute("NEW.\"IncidentId\"")}} WHERE "Id" = NEW."IncidentId";
            END IF;
            RETURN NULL;
        END
        $body$;
        CREATE TRIGGER "TR_IncidentEvents_Clock" AFTER INSERT OR UPDATE OR DELETE ON "IncidentEvents"
            FOR EACH ROW EXECUTE FUNCTION "incident_events_clock"();
        """;

    public const string PostgresDown = """
        DROP TRIGGER IF EXISTS "TR_IncidentEvents_Clock" ON "IncidentEvents";
        DROP FUNCTION IF EXISTS "incident_events_clock"();
        """;
}
