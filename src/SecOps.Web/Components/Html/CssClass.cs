using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace SecOps.Web.Components.Html;

/// <summary>
/// A class name that is safe to write unencoded: a constant of the code's (checked against a strict pattern), or a
/// vocabulary value mapped through a fixed list, where anything unknown becomes the prefix's <c>-unknown</c> class.
/// Data never becomes a class name of its own.
/// </summary>
public readonly partial record struct CssClass
{
    private CssClass(string name) => Name = name;

    internal string Name { get; }

    public bool IsEmpty => Name is null;

    /// <summary>No class: for a class that applies only sometimes.</summary>
    public static CssClass None => default;

    // Built once: rows ask for these on every render of a row that is not shared.
    private static readonly FrozenDictionary<string, CssClass> Severities = VocabularyOf("severity", "low", "medium", "high", "critical");
    private static readonly FrozenDictionary<string, CssClass> Statuses = VocabularyOf("status", "open", "acknowledged", "in-progress", "closed");
    private static readonly CssClass UnknownSeverity = new("severity-unknown");
    private static readonly CssClass UnknownStatus = new("status-unknown");

    /// <summary>A constant class list of the caller's such as <c>"alert-row"</c> or <c>"mud-icon-root mud-svg-icon"</c>.</summary>
    public static CssClass Of(string constant) => ClassList().IsMatch(constant)
        ? new CssClass(constant)
        : throw new ArgumentException($"'{constant}' is not a constant class list (lowercase letters, digits, '-' and '_', separated by single spaces).", nameof(constant));

    /// <summary>The class when the condition holds, else none.</summary>
    public static CssClass When(bool condition, string constant) => condition ? Of(constant) : None;

    /// <summary><c>severity-&lt;value&gt;</c> for the four severities, <c>severity-unknown</c> for anything else.</summary>
    public static CssClass Severity(string? severity) => severity is not null && Severities.TryGetValue(severity, out var known) ? known : UnknownSeverity;

    /// <summary><c>status-&lt;value&gt;</c> for the four alert statuses (wire names), <c>status-unknown</c> for anything else.</summary>
    public static CssClass Status(string? status) => status is not null && Statuses.TryGetValue(status, out var known) ? known : UnknownStatus;

    /// <summary><c>prefix-&lt;name&gt;</c> for a defined enum value (lowercased), <c>prefix-unknown</c> for an undefined one.</summary>
    public static CssClass For<TEnum>(string prefix, TEnum value) where TEnum : struct, Enum =>
        Of(prefix + "-" + (Enum.IsDefined(value) ? value.ToString().ToLowerInvariant() : "unknown"));

    private static FrozenDictionary<string, CssClass> VocabularyOf(string prefix, params string[] values) =>
        values.ToFrozenDictionary(v => v, v => new CssClass(prefix + "-" + v), StringComparer.Ordinal);

    public override string ToString() => Name ?? "";

    [GeneratedRegex("^[a-z_][a-z0-9_-]*( [a-z_][a-z0-9_-]*)*$")]
    private static partial Regex ClassList();
}
