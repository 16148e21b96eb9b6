using YamlDotNet.RepresentationModel;

namespace SecOps.IntegrationTests.Elasticsearch.YamlRest;

/// <summary>
/// One file of Elasticsearch's YAML REST tests: an optional <c>setup</c> and <c>teardown</c> and named test sections,
/// each a list of single-key steps (<c>do</c>, <c>match</c>, <c>skip</c>...). Several YAML documents (<c>---</c>) make one file.
/// </summary>
public sealed record YamlSuite(string Name, IReadOnlyList<YamlStep> Setup, IReadOnlyList<YamlStep> Teardown, IReadOnlyList<YamlCase> Cases)
{
    public static YamlSuite Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }
        IReadOnlyList<YamlStep> setup = [], teardown = [];
        var cases = new List<YamlCase>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root)
            {
                continue;
            }
            foreach (var (key, value) in root.Children)
            {
                var name = ((YamlScalarNode)key).Value ?? "";
                var steps = Steps(value);
                switch (name)
                {
                    case "setup":
                        setup = steps;
                        break;
                    case "teardown":
                        teardown = steps;
                        break;
                    default:
                        cases.Add(new YamlCase(name, steps));
                        break;
                }
            }
        }
        return new YamlSuite(Path.GetFileName(path), setup, teardown, cases);
    }

    private static List<YamlStep> Steps(YamlNode node) =>
        node is YamlSequenceNode sequence
            ? [.. sequence.Children.Cast<YamlMappingNode>().Select(step => step.Children.Single())
                .Select(entry => new YamlStep(((YamlScalarNode)entry.Key).Value ?? "", entry.Value))]
            : [];
}

public sealed record YamlCase(string Name, IReadOnlyList<YamlStep> Steps);

/// <summary>One step: its operator (<c>do</c>, <c>match</c>, <c>set</c>...) and its argument.</summary>
public sealed record YamlStep(string Operator, YamlNode Argument);

public enum YamlOutcome
{
    Passed,
    Failed,
    Skipped,
}

public sealed record YamlCaseResult(string Suite, string Case, YamlOutcome Outcome, string? Detail);

/// <summary>Raised by a step that fails; the case stops there.</summary>
public sealed class YamlAssertionException(string message) : Exception(message);

/// <summary>Raised by a skip or requires section whose condition says the case must not run here.</summary>
public sealed class YamlSkipException(string reason) : Exception(reason);
