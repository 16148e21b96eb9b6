using System.Text.Json;
using SecOps.Web.Elasticsearch.WriteBack;
using SecOps.Web.Features.Alerts;

namespace SecOps.Tests.Elasticsearch.WriteBack;

public sealed class StatusPatchTests
{
    private static readonly WriteBackFields Kibana = new(".alerts-security.alerts-*", "kibana.alert.workflow_status", "kibana.alert.workflow_status_updated_at", "kibana.alert.workflow_user");
    private static readonly DateTimeOffset At = new DateTimeOffset(2025, 1, 17, 8, 0, 0, 123, TimeSpan.FromHours(1)).AddTicks(4567);

    [Fact]
    public void Build_DottedKeysAsKibanaWritesThem_SetsTheSameDottedKeys()
    {
        using var source = JsonDocument.Parse("""{"kibana.alert.workflow_status":"open","kibana.alert.workflow_user":"u_kibana_profile"}""");

        var patch = StatusPatch.Build(Kibana, source.RootElement, AlertStatus.InProgress, At);

        Assert.Equal("""{"kibana.alert.workflow_status":"in-progress","kibana.alert.workflow_status_updated_at":"2025-01-17T07:00:00.123Z","kibana.alert.workflow_user":null}""",
            patch.ToJsonString());
    }

    [Fact]
    public void Build_NestedAndMixedKeys_WritesUnderTheKeysTheDocumentUses()
    {
        using var source = JsonDocument.Parse("""{"kibana":{"alert.workflow_status":"open","alert":{"workflow_status_updated_at":"2024-01-01T00:00:00Z"}}}""");

        var patch = StatusPatch.Build(Kibana, source.RootElement, AlertStatus.Closed, At);

        Assert.Equal("""{"kibana":{"alert.workflow_status":"closed","alert":{"workflow_status_updated_at":"2025-01-17T07:00:00.123Z"}},"kibana.alert.workflow_user":null}""",
            patch.ToJsonString());
    }

    [Fact]
    public void Build_PresetWithoutTimeOrUserField_WritesOnlyTheStatus()
    {
        var fields = new WriteBackFields("alerts-*", "custom.status", null, null);

        var patch = StatusPatch.Build(fields, null, AlertStatus.Acknowledged, At);

        Assert.Equal("""{"custom.status":"acknowledged"}""", patch.ToJsonString());
    }

    [Fact]
    public void Locate_FieldUnderAScalar_IsNotFound()
    {
        using var source = JsonDocument.Parse("""{"kibana":"not an object","kibana.alert":["workflow_status"]}""");

        Assert.Null(StatusPatch.Locate(source.RootElement, "kibana.alert.workflow_status"));
    }
}
