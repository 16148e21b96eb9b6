using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SecOps.IntegrationTests.Elasticsearch.Double;

/// <summary>
/// Elasticsearch date formats as the double needs them: named ISO formats, epoch_millis/epoch_second and Java
/// patterns (yyyy, uuuu, MM, dd, HH, mm, ss, S...), alternatives joined by <c>||</c>. Instants are nanoseconds since
/// the epoch in an <see cref="Int128"/>, so years like 1500 and nanosecond precision both fit.
/// </summary>
public sealed partial class DateFormat
{
    public const string Default = "strict_date_optional_time||epoch_millis";
    public static readonly Int128 NanosPerMilli = 1_000_000;
    public static readonly Int128 NanosPerSecond = 1_000_000_000;

    private readonly List<string> _alternatives;

    private DateFormat(string spec)
    {
        Spec = spec;
        _alternatives = [.. spec.Split("||")];
    }

    public string Spec { get; }

    public static DateFormat Of(string? spec) => new(spec ?? Default);

    /// <summary>Parses with the first alternative that accepts the text. Round-up fills absent time fields with their maximum (for lte/gt).</summary>
    public bool TryParse(string text, bool roundUp, out Int128 nanos)
    {
        foreach (var alternative in _alternatives)
        {
            if (TryParseOne(alternative, text, roundUp, out nanos))
            {
                return true;
            }
        }
        nanos = default;
        return false;
    }

    public string Format(Int128 nanos) => FormatOne(_alternatives[0], nanos);

    public static Int128 FloorDiv(Int128 value, Int128 divisor)
    {
        var quotient = value / divisor;
        return value % divisor < 0 ? quotient - 1 : quotient;
    }

    private static bool TryParseOne(string format, string text, bool roundUp, out Int128 nanos)
    {
        nanos = default;
        switch (format)
        {
            case "epoch_millis" or "epoch_second":
                if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return false;
                }
                nanos = (Int128)(number * (format == "epoch_millis" ? 1_000_000m : 1_000_000_000m));
                return true;
            case "strict_date_optional_time" or "date_optional_time" or "strict_date_optional_time_nanos" or "strict_date_time" or "date_time" or "iso8601":
                var iso = IsoPattern().Match(text);
                return iso.Success && Compose(iso, roundUp, out nanos);
            default:
                var custom = new Regex("^" + ToRegex(format) + "$", RegexOptions.CultureInvariant).Match(text);
                return custom.Success && Compose(custom, roundUp, out nanos);
        }
    }

    private static bool Compose(Match match, bool roundUp, out Int128 nanos)
    {
        nanos = default;
        int Part(string name, int absent) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : absent;
        var year = Part("y", 1970);
        var month = Part("M", 1);
        var day = Part("d", 1);
        var hour = Part("H", roundUp ? 23 : 0);
        var minute = Part("m", roundUp ? 59 : 0);
        var second = Part("s", roundUp ? 59 : 0);
        var fraction = match.Groups["S"].Success
            ? int.Parse(match.Groups["S"].Value.PadRight(9, '0')[..9], CultureInfo.InvariantCulture)
            : roundUp ? 999_999_999 : 0;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var offsetSeconds = 0;
        if (match.Groups["z"].Success && match.Groups["z"].Value is { Length: > 1 } zone)
        {
            var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
            offsetSeconds = (int.Parse(digits[..2], CultureInfo.InvariantCulture) * 3600 + int.Parse(digits[2..], CultureInfo.InvariantCulture) * 60)
                * (zone[0] == '-' ? -1 : 1);
        }
        var seconds = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero).ToUnixTimeSeconds() - offsetSeconds;
        nanos = (Int128)seconds * NanosPerSecond + fraction;
        return true;
    }

    private static string FormatOne(string format, Int128 nanos)
    {
        var seconds = FloorDiv(nanos, NanosPerSecond);
        var fraction = (long)(nanos - seconds * NanosPerSecond);
        var time = DateTimeOffset.FromUnixTimeSeconds((long)seconds).UtcDateTime;
        switch (format)
        {
            case "epoch_millis":
                return FloorDiv(nanos, NanosPerMilli).ToString(CultureInfo.InvariantCulture);
            case "epoch_second":
                return seconds.ToString(CultureInfo.InvariantCulture);
            case "strict_date_optional_time_nanos":
                // Java prints 3 to 9 fraction digits: trailing zeros go, down to milliseconds.
                var digits = fraction.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
                return time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + digits.PadRight(3, '0') + "Z";
            case "strict_date_optional_time" or "date_optional_time" or "strict_date_time" or "date_time" or "iso8601":
                return time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture) + "." + (fraction / 1_000_000).ToString("D3", CultureInfo.InvariantCulture) + "Z";
            default:
                return FormatCustom(format, time, fraction);
        }
    }

    private static string FormatCustom(string pattern, DateTime time, long fraction)
    {
        var text = new StringBuilder();
        foreach (var (letter, count, literal) in Tokens(pattern))
        {
            text.Append(letter switch
            {
                'y' or 'u' => time.Year.ToString(new string('0', count), CultureInfo.InvariantCulture),
                'M' => time.Month.ToString(new string('0', count), CultureInfo.InvariantCulture),
                'd' => time.Day.ToString(new string('0', count), CultureInfo.InvariantCulture),
                'H' => time.Hour.ToString(new string('0', count), CultureInfo.InvariantCulture),
                'm' => time.Minute.ToString(new string('0', count), CultureInfo.InvariantCulture),
                's' => time.Second.ToString(new string('0', count), CultureInfo.InvariantCulture),
                'S' => fraction.ToString("D9", CultureInfo.InvariantCulture)[..Math.Min(count, 9)],
                'X' or 'Z' => "Z",
                _ => literal,
            });
        }
        return text.ToString();
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder();
        foreach (var (letter, count, literal) in Tokens(pattern))
        {
            regex.Append(letter switch
            {
                'y' or 'u' => @"(?<y>\d{4})",
                'M' => count == 1 ? @"(?<M>\d{1,2})" : @"(?<M>\d{2})",
                'd' => count == 1 ? @"(?<d>\d{1,2})" : @"(?<d>\d{2})",
                'H' => @"(?<H>\d{2})",
                'm' => @"(?<m>\d{2})",
                's' => @"(?<s>\d{2})",
                'S' => $@"(?<S>\d{{{count}}})",
                'X' or 'Z' => @"(?<z>Z|[+-]\d{2}:?\d{2})",
                '\0' => Regex.Escape(literal),
                _ => throw new NotSupportedException($"The double does not know the date pattern letter '{letter}' in [{pattern}]."),
            });
        }
        return regex.ToString();
    }

    /// <summary>Splits a Java pattern into runs of one letter and literal text ('quoted' or not a letter).</summary>
    private static IEnumerable<(char Letter, int Count, string Literal)> Tokens(string pattern)
    {
        for (var i = 0; i < pattern.Length;)
        {
            var c = pattern[i];
            if (c == '\'')
            {
                var end = pattern.IndexOf('\'', i + 1);
                yield return ('\0', 0, pattern[(i + 1)..end]);
                i = end + 1;
            }
            else if (char.IsAsciiLetter(c))
            {
                var start = i;
                while (i < pattern.Length && pattern[i] == c)
                {
                    i++;
                }
                yield return (c, i - start, "");
            }
            else
            {
                yield return ('\0', 0, c.ToString());
                i++;
            }
        }
    }

    [GeneratedRegex(@"^(?<y>[+-]?\d{4})(?:-(?<M>\d{2})(?:-(?<d>\d{2})(?:T(?<H>\d{2})(?::(?<m>\d{2})(?::(?<s>\d{2})(?:[.,](?<S>\d{1,9}))?)?)?(?<z>Z|[+-]\d{2}:?\d{2})?)?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoPattern();
}
