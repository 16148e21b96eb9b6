using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SecOps.IntegrationTests.Elasticsearch.YamlRest;

/// <summary>The REST APIs the runner can call by their spec names, mapped to HTTP requests against the node under test.</summary>
public sealed class YamlApi(HttpClient http)
{
    public async Task<YamlResponse> CallAsync(string api, JsonObject arguments)
    {
        var args = arguments.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        string? Take(string name)
        {
            if (!args.Remove(name, out var value) || value is null)
            {
                return null;
            }
            return value is JsonArray list ? string.Join(',', list.Select(v => v?.ToString())) : value.ToString();
        }
        args.Remove("body", out var body);
        var index = Take("index");
        var id = Take("id");
        string Scoped(string path) => index is null ? "/" + path : $"/{Uri.EscapeDataString(index).Replace("%2A", "*", StringComparison.Ordinal).Replace("%2C", ",", StringComparison.Ordinal)}/{path}";
        var (method, path) = api switch
        {
            "info" => (HttpMethod.Get, "/"),
            "indices.create" => (HttpMethod.Put, Scoped("").TrimEnd('/')),
            "indices.delete" => (HttpMethod.Delete, Scoped("").TrimEnd('/')),
            "indices.refresh" => (HttpMethod.Post, Scoped("_refresh")),
            "index" => id is null ? (HttpMethod.Post, Scoped("_doc")) : (HttpMethod.Put, Scoped($"_doc/{Uri.EscapeDataString(id)}")),
            "create" => (HttpMethod.Put, Scoped($"_create/{Uri.EscapeDataString(id ?? "")}")),
            "get" => (HttpMethod.Get, Scoped($"_doc/{Uri.EscapeDataString(id ?? "")}")),
            "update" => (HttpMethod.Post, Scoped($"_update/{Uri.EscapeDataString(id ?? "")}")),
            "bulk" => (HttpMethod.Post, Scoped("_bulk")),
            "search" => (HttpMethod.Post, Scoped("_search")),
            "count" => (HttpMethod.Post, Scoped("_count")),
            _ => throw new YamlSkipException($"the API [{api}] is not modelled by the Elasticsearch double"),
        };
        var query = string.Join('&', args.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(QueryValue(p.Value))}"));
        using var request = new HttpRequestMessage(method, query.Length == 0 ? path : $"{path}?{query}");
        if (body is not null)
        {
            var ndjson = api == "bulk";
            request.Content = new StringContent(BodyText(body, ndjson), Encoding.UTF8, ndjson ? "application/x-ndjson" : "application/json");
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        try
        {
            json = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            // Text answers (cat APIs) stay available as $body.
        }
        return new YamlResponse((int)response.StatusCode, text, json);
    }

    private static string QueryValue(JsonNode? value) => value switch
    {
        JsonArray list => string.Join(',', list.Select(v => v?.ToString())),
        null => "",
        _ => value.ToString(),
    };

    /// <summary>A bulk body may be one NDJSON string, a list of JSON strings, or a list of objects; each line ends with a newline.</summary>
    private static string BodyText(JsonNode body, bool ndjson) => body switch
    {
        JsonValue v when v.TryGetValue<string>(out var text) => ndjson && !text.EndsWith('\n') ? text + "\n" : text,
        JsonArray lines when ndjson => string.Concat(lines.Select(l => (l is JsonValue s && s.TryGetValue<string>(out var line) ? line : l?.ToJsonString()) + "\n")),
        _ => body.ToJsonString(),
    };
}

public sealed record YamlResponse(int Status, string Body, JsonNode? Json);
