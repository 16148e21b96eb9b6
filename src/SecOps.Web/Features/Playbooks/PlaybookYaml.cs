using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SecOps.Web.Features.Playbooks;

/// <summary>
/// Reads and writes playbook files: YAML, one playbook per document (several documents, separated by <c>---</c>, in
/// one file). Reading validates against the published schema's rules and reports every problem with its line and
/// column; a file with any problem yields no playbook at all. Aliases are refused (no expansion bombs), files are
/// size-limited, and text is cleaned as people's text is everywhere.
/// </summary>
public static class PlaybookYaml
{
    public const int MaxFileBytes = 256 * 1024;
    public const int MaxPlaybooksPerFile = 50;

    public static PlaybookParse Parse(string text)
    {
        if (text.Length > MaxFileBytes)
        {
            return Failed(1, 1, $"The file is larger than {MaxFileBytes / 1024} KiB.");
        }
        var (alias, unreadable) = Scan(text);
        if (alias is { } at)
        {
            return Failed((int)at.Line, (int)at.Column, "Aliases (*name) are not allowed in playbook files; write the value out.");
        }
        if (unreadable is { } end)
        {
            return Failed((int)end.Line, (int)end.Column, "Not valid YAML: the text stops inside an unclosed [ list, { mapping or quote that starts here or later.");
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
            return Failed((int)e.Start.Line, (int)e.Start.Column, "Not valid YAML: " + message.Trim());
        }
        var documents = stream.Documents.Where(d => d.RootNode is not YamlScalarNode { Value: null or "" }).ToList();
        if (documents.Count == 0)
        {
            return Failed(1, 1, "The file holds no playbook.");
        }
        if (documents.Count > MaxPlaybooksPerFile)
        {
            return Failed(Line(documents[MaxPlaybooksPerFile].RootNode), Column(documents[MaxPlaybooksPerFile].RootNode), $"At most {MaxPlaybooksPerFile} playbooks go in one file.");
        }
        var reader = new PlaybookReader();
        var playbooks = documents.Select(d => reader.Playbook(d.RootNode)).ToList();
        var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        for (var i = 0; i < playbooks.Count; i++)
        {
            if (playbooks[i] is { } playbook && !seen.TryAdd(playbook.Key, documents[i].RootNode))
            {
                reader.Error(documents[i].RootNode, $"The playbook id '{playbook.Key}' appears twice in this file.");
            }
        }
        return reader.Errors.Count > 0
            ? new PlaybookParse([], [.. reader.Errors.OrderBy(e => e.Line).ThenBy(e => e.Column)])
            : new PlaybookParse([.. playbooks.Select(p => p!)], []);
    }

    /// <summary>The file a playbook is exported as; <paramref name="version"/> is written for the reader (imports number versions themselves).</summary>
    public static string Export(PlaybookDefinition playbook, int? version = null) => PlaybookYamlWriter.Write(playbook, version);

    /// <summary>The text that decides whether an import changed a playbook: the export without the version.</summary>
    public static string Canonical(PlaybookDefinition playbook) => PlaybookYamlWriter.Write(playbook, null);

    private static PlaybookParse Failed(int line, int column, string message) => new([], [new PlaybookError(line, column, message)]);

    /// <summary>
    /// The first alias, or where the scanner gave up without a <see cref="YamlException"/> (YamlDotNet throws
    /// <see cref="InvalidOperationException"/> on some unclosed flow collections; the position is after the last event read).
    /// </summary>
    private static (Mark? Alias, Mark? Unreadable) Scan(string text)
    {
        var parser = new Parser(new StringReader(text));
        var last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                if (parser.Current is AnchorAlias alias)
                {
                    return (alias.Start, null);
                }
                last = parser.Current?.Start ?? last;
            }
        }
        catch (YamlException)
        {
            // The loader reports syntax errors with their position.
        }
        catch (InvalidOperationException)
        {
            return (null, last);
        }
        return (null, null);
    }

    internal static int Line(YamlNode node) => (int)node.Start.Line;

    internal static int Column(YamlNode node) => (int)node.Start.Column;
}
