using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace SecOps.IntegrationTests.Elasticsearch.YamlRest;

/// <summary>
/// Runs Elasticsearch YAML REST test files (rest-api-spec/README.asciidoc) against a node over HTTP: for each case,
/// reset the node, check skip/requires, run setup, the case and teardown; a failed step fails the case.
/// </summary>
public sealed class YamlRestRunner(HttpClient http, Func<Task> resetAsync, Version nodeVersion)
{
    private static readonly HashSet<string> RunnerFeatures =
        ["capabilities", "contains", "close_to", "stash_in_path", "stash_in_key", "embedded_stash_key", "allowed_warnings", "allowed_warnings_regex"];

    private static readonly Dictionary<string, int> CatchStatuses = new()
    {
        ["bad_request"] = 400, ["unauthorized"] = 401, ["forbidden"] = 403, ["missing"] = 404,
        ["request_timeout"] = 408, ["conflict"] = 409, ["unavailable"] = 503,
    };

    private readonly YamlApi _api = new(http);

    public async Task<IReadOnlyList<YamlCaseResult>> RunAsync(YamlSuite suite)
    {
        var results = new List<YamlCaseResult>();
        foreach (var testCase in suite.Cases)
        {
            var values = new YamlValues();
            var assertions = new YamlAssertions(values);
            try
            {
                await resetAsync();
                await CheckPreconditionsAsync(suite.Setup);
                await CheckPreconditionsAsync(suite.Teardown);
                await CheckPreconditionsAsync(testCase.Steps);
                foreach (var step in suite.Setup.Concat(testCase.Steps).Concat(suite.Teardown))
                {
                    await RunStepAsync(step, values, assertions);
                }
                results.Add(new YamlCaseResult(suite.Name, testCase.Name, YamlOutcome.Passed, null));
            }
            catch (YamlSkipException skip)
            {
                results.Add(new YamlCaseResult(suite.Name, testCase.Name, YamlOutcome.Skipped, skip.Message));
            }
            catch (Exception ex) when (ex is YamlAssertionException or HttpRequestException or InvalidOperationException or FormatException)
            {
                results.Add(new YamlCaseResult(suite.Name, testCase.Name, YamlOutcome.Failed, ex.Message));
            }
        }
        return results;
    }

    private async Task RunStepAsync(YamlStep step, YamlValues values, YamlAssertions assertions)
    {
        switch (step.Operator)
        {
            case "skip" or "requires":
                return;
            case "do":
                assertions.Last = await DoAsync((YamlMappingNode)step.Argument, values);
                values.Stash("body", assertions.Last.Json ?? JsonValue.Create(assertions.Last.Body));
                return;
            default:
                assertions.Run(step.Operator, step.Argument);
                return;
        }
    }

    private async Task<YamlResponse> DoAsync(YamlMappingNode arguments, YamlValues values)
    {
        string? expectedError = null;
        string? api = null;
        var parameters = new JsonObject();
        foreach (var (key, value) in arguments.Children)
        {
            switch (((YamlScalarNode)key).Value)
            {
                case "catch":
                    expectedError = ((YamlScalarNode)value).Value;
                    break;
                case "warnings" or "warnings_regex":
                    throw new YamlSkipException("the double sends no deprecation warnings, which this case expects");
                case "allowed_warnings" or "allowed_warnings_regex" or "node_selector":
                    break;
                case "headers":
                    throw new YamlSkipException("per-request headers are not supported by this runner");
                case var name:
                    api = name;
                    parameters = values.ToJson(value) as JsonObject ?? [];
                    break;
            }
        }
        var response = await _api.CallAsync(api ?? throw new YamlAssertionException("a do step names no API"), parameters);
        if (expectedError is null)
        {
            return response.Status < 400 ? response : throw new YamlAssertionException($"{api} answered {response.Status}: {response.Body}");
        }
        var caught = expectedError switch
        {
            "param" => throw new YamlSkipException("client-side parameter validation (catch: param) is not modelled"),
            "request" => response.Status >= 400 && !CatchStatuses.ContainsValue(response.Status),
            _ when CatchStatuses.TryGetValue(expectedError, out var status) => response.Status == status,
            _ when expectedError.StartsWith('/') && expectedError.EndsWith('/') =>
                response.Status >= 400 && Regex.IsMatch(response.Body, expectedError[1..^1].Trim()),
            _ => throw new YamlAssertionException($"unknown catch [{expectedError}]"),
        };
        return caught ? response : throw new YamlAssertionException($"{api}: expected catch [{expectedError}], got {response.Status}: {response.Body}");
    }

    /// <summary>Evaluates the skip and requires sections of a step list; throws <see cref="YamlSkipException"/> when the case must not run.</summary>
    private async Task CheckPreconditionsAsync(IReadOnlyList<YamlStep> steps)
    {
        foreach (var step in steps.Where(s => s.Operator is "skip" or "requires"))
        {
            var section = (YamlMappingNode)step.Argument;
            var reason = Scalar(section, "reason") ?? "";
            var requires = step.Operator == "requires";
            foreach (var feature in List(section, "test_runner_features").Concat(List(section, "features")))
            {
                if (!RunnerFeatures.Contains(feature))
                {
                    throw new YamlSkipException($"needs runner feature [{feature}]");
                }
            }
            foreach (var feature in List(section, "cluster_features"))
            {
                if (HasClusterFeature(feature) != requires)
                {
                    throw new YamlSkipException($"{(requires ? "needs" : "skipped with")} cluster feature [{feature}]: {reason}");
                }
            }
            if (!requires && Scalar(section, "version") is { } versions && InVersionRanges(versions))
            {
                throw new YamlSkipException($"skipped for versions [{versions}]: {reason}");
            }
            if (!requires && Scalar(section, "awaits_fix") is { } awaits)
            {
                throw new YamlSkipException($"awaits fix {awaits}: {reason}");
            }
            if (section.Children.TryGetValue(new YamlScalarNode("capabilities"), out var capabilities))
            {
                await CheckCapabilitiesAsync((YamlSequenceNode)capabilities, reason);
            }
        }
    }

    private async Task CheckCapabilitiesAsync(YamlSequenceNode capabilities, string reason)
    {
        foreach (var check in capabilities.Children.Cast<YamlMappingNode>())
        {
            var query = $"method={Scalar(check, "method") ?? "GET"}&path={Uri.EscapeDataString(Scalar(check, "path") ?? "/")}"
                + $"&capabilities={Uri.EscapeDataString(string.Join(',', List(check, "capabilities")))}";
            var answer = JsonNode.Parse(await http.GetStringAsync($"/_capabilities?{query}"));
            if (answer?["supported"]?.GetValue<bool>() != true)
            {
                throw new YamlSkipException($"the node lacks capabilities [{string.Join(',', List(check, "capabilities"))}]: {reason}");
            }
        }
    }

    /// <summary>Only the synthetic <c>gte_vX.Y.Z</c> features exist here, present when the node's version is at least X.Y.Z.</summary>
    private bool HasClusterFeature(string feature) =>
        feature.StartsWith("gte_v", StringComparison.Ordinal) && Version.TryParse(feature[5..], out var version) && nodeVersion >= version;

    private bool InVersionRanges(string ranges)
    {
        if (ranges.Trim() == "all")
        {
            return true;
        }
        foreach (var range in ranges.Split(','))
        {
            var bounds = range.Split('-', 2).Select(b => b.Trim()).ToArray();
            var lower = bounds[0].Length == 0 ? new Version(0, 0) : Version.Parse(bounds[0]);
            var upper = bounds.Length < 2 || bounds[1].Length == 0 ? new Version(int.MaxValue, 0) : Version.Parse(bounds[1]);
            if (nodeVersion >= lower && nodeVersion <= upper)
            {
                return true;
            }
        }
        return false;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static IEnumerable<string> List(YamlMappingNode node, string key) =>
        !node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? []
            : value is YamlSequenceNode sequence ? sequence.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "")
            : [((YamlScalarNode)value).Value ?? ""];
}
