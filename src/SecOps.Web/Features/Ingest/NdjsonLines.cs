namespace SecOps.Web.Features.Ingest;

/// <summary>Splits an NDJSON body into its non-blank lines with their 1-based line numbers (blank lines still count).</summary>
public static class NdjsonLines
{
    public static List<(int Line, ReadOnlyMemory<byte> Text)> Split(ReadOnlyMemory<byte> body)
    {
        var lines = new List<(int, ReadOnlyMemory<byte>)>();
        var lineNumber = 0;
        var rest = body;
        while (!rest.IsEmpty)
        {
            lineNumber++;
            var newline = rest.Span.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            rest = newline < 0 ? ReadOnlyMemory<byte>.Empty : rest[(newline + 1)..];
            if (!line.Span.Trim(" \t\r"u8).IsEmpty)
            {
                lines.Add((lineNumber, line));
            }
        }
        return lines;
    }
}
