namespace SecOps.Web.Features.Playbooks;

/// <summary>One thing wrong in a playbook file, where it is (1-based line and column) and what to write instead.</summary>
public sealed record PlaybookError(int Line, int Column, string Message)
{
    public override string ToString() => $"line {Line}, column {Column}: {Message}";
}

/// <summary>A file's playbooks, or why it cannot be imported (then <see cref="Playbooks"/> is empty: nothing is half-read).</summary>
public sealed record PlaybookParse(IReadOnlyList<PlaybookDefinition> Playbooks, IReadOnlyList<PlaybookError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}
