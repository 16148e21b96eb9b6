namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>A field value as the double compares it: exact integers (longs, dates in nanoseconds), reals, or text.</summary>
public readonly record struct FieldKey(FieldKeyKind Kind, Int128 Whole, double Real, string? Text) : IComparable<FieldKey>
{
    public static FieldKey Of(Int128 whole) => new(FieldKeyKind.Whole, whole, 0, null);
    public static FieldKey Of(double real) => new(FieldKeyKind.Real, 0, real, null);
    public static FieldKey Of(string text) => new(FieldKeyKind.Text, 0, 0, text);

    public double AsDouble => Kind == FieldKeyKind.Whole ? (double)Whole : Real;

    public int CompareTo(FieldKey other)
    {
        if (Kind == FieldKeyKind.Text || other.Kind == FieldKeyKind.Text)
        {
            return Kind == other.Kind ? string.CompareOrdinal(Text, other.Text) : Kind.CompareTo(other.Kind);
        }
        return Kind == FieldKeyKind.Whole && other.Kind == FieldKeyKind.Whole
            ? Whole.CompareTo(other.Whole)
            : AsDouble.CompareTo(other.AsDouble);
    }

    public bool Equals(FieldKey other) => CompareTo(other) == 0;

    public override int GetHashCode() => Kind == FieldKeyKind.Text ? Text!.GetHashCode(StringComparison.Ordinal) : AsDouble.GetHashCode();
}

public enum FieldKeyKind
{
    Whole,
    Real,
    Text,
}
