using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace SecOps.Benchmarks.Circuits;

/// <summary>
/// What a browser reads from a prerendered page before it opens the circuit: the interactive server components'
/// start markers (<c>&lt;!--Blazor:{...}--&gt;</c>, each with the server's data-protected descriptor) and the persisted
/// component state (<c>&lt;!--Blazor-Server-Component-State:...--&gt;</c>).
/// </summary>
public sealed partial record PrerenderedPage(IReadOnlyList<JsonObject> ServerComponents, string ApplicationState)
{
    [GeneratedRegex(@"<!--Blazor:(\{.*?\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex(@"<!--\s*Blazor-Server-Component-State:([a-zA-Z0-9+/=]+)\s*-->")]
    private static partial Regex ServerState();

    /// <summary>Reads the markers; end markers (only a prerender id) and WebAssembly or auto components are skipped.</summary>
    public static PrerenderedPage Parse(string html)
    {
        var components = Marker().Matches(html)
            .Select(m => JsonNode.Parse(m.Groups[1].Value) as JsonObject)
            .OfType<JsonObject>()
            .Where(marker => marker["type"]?.GetValue<string>() == "server")
            // blazor.web.js orders server components by their sequence before it registers them.
            .OrderBy(marker => marker["sequence"]?.GetValue<int>() ?? 0)
            .ToList();
        var state = ServerState().Match(html);
        return new PrerenderedPage(components, state.Success ? state.Groups[1].Value : "");
    }

    /// <summary>
    /// The first <c>UpdateRootComponents</c> batch blazor.web.js sends after <c>StartCircuit</c>: one "add" per server
    /// component, numbered from 1 in registration order, its marker being the descriptor as read (plus the client's
    /// unique id, as the browser sends it).
    /// </summary>
    public string AddOperations(int batchId = 1)
    {
        var operations = new JsonArray();
        for (var i = 0; i < ServerComponents.Count; i++)
        {
            var marker = (JsonObject)ServerComponents[i].DeepClone();
            marker["uniqueId"] = i;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = i + 1, ["marker"] = marker });
        }
        return new JsonObject { ["batchId"] = batchId, ["operations"] = operations }.ToJsonString(Options);
    }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };
}
