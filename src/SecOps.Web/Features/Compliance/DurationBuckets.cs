using System.Globalization;
using System.Numerics;
using System.Text;

namespace SecOps.Web.Features.Compliance;

/// <summary>
/// The log-scale buckets the store groups whole-second durations into, so a day's durations are a few hundred rows
/// whatever the volume (exact per-second rows grew with every distinct duration). Below <see cref="ExactBelow"/>
/// seconds every second is its own bucket; above, each power of two is cut into <see cref="PerOctave"/> equal buckets.
/// A bucket is named by its lower bound and read back as its middle, so a duration read back is within
/// 1/(2·<see cref="PerOctave"/>) = 1.5625% of the measured one, and so are the medians and 90th percentiles computed
/// from them (each is one read-back duration, or the mean of two). The same cut is written three times, in C# here, in SQL
/// (<see cref="LowerSql"/>) for the store's grouping, and compactly for SQLite's triggers (<see cref="LowerSqlite"/>); a test
/// holds them equal.
/// </summary>
public static class DurationBuckets
{
    public const int PerOctave = 32;
    public const long ExactBelow = 2 * PerOctave;

    /// <summary>The largest relative error of a read-back duration: half a bucket over the bucket's lower bound.</summary>
    public const double MaxRelativeError = 1.0 / (2 * PerOctave);

    // Durations up to 2^40 s (about 35,000 years) get their own octave; beyond, the last octave's width is kept.
    private const int TopOctave = 40;

    /// <summary>The bucket a duration falls into, named by its lower bound in seconds.</summary>
    public static long Lower(long seconds)
    {
        if (seconds < ExactBelow)
        {
            return seconds;
        }
        var width = Width(seconds);
        return seconds / width * width;
    }

    /// <summary>The duration a bucket is read back as: its middle (its only value below <see cref="ExactBelow"/>).</summary>
    public static long Representative(long lower) => lower < ExactBelow ? lower : lower + (Width(lower) / 2);

    /// <summary>A measured duration as the store hands it back.</summary>
    public static long ReadBack(long seconds) => Representative(Lower(seconds));

    private static long Width(long seconds) => 1L << (Math.Min(BitOperations.Log2((ulong)seconds), TopOctave) - 5);

    /// <summary>
    /// SQL for <see cref="Lower"/> of a non-negative integer expression (evaluated as often as the ladder is climbed, so
    /// pass a column or a cheap expression); integer division truncates on SQLite and PostgreSQL alike.
    /// </summary>
    public static string LowerSql(string seconds)
    {
        var sql = new StringBuilder("CASE WHEN ").Append(seconds).Append(" < ").Append(ExactBelow).Append(" THEN ").Append(seconds);
        for (var octave = 6; octave <= TopOctave; octave++)
        {
            var width = (1L << (octave - 5)).ToString(CultureInfo.InvariantCulture);
            sql.Append(" WHEN ").Append(seconds).Append(" < ").Append((1L << (octave + 1)).ToString(CultureInfo.InvariantCulture))
                .Append(" THEN ").Append(seconds).Append(" / ").Append(width).Append(" * ").Append(width);
        }
        var last = (1L << (TopOctave - 5)).ToString(CultureInfo.InvariantCulture);
        return sql.Append(" ELSE ").Append(seconds).Append(" / ").Append(last).Append(" * ").Append(last).Append(" END").ToString();
    }

    /// <summary>
    /// The same cut as <see cref="LowerSql"/> in a handful of operations, for SQLite's triggers: SQLite codes the triggers
    /// a statement fires into that statement each time it is prepared, and EF Core prepares every statement it sends, so
    /// the ladder's 35 branches, coded twice per trigger statement, cost far more per row written than the write itself.
    /// The octave is read from the hexadecimal form (<c>printf('%x')</c>): four bits per digit after the first, plus the
    /// first digit's own bit length. <paramref name="seconds"/> must be a column (it is read five times); SQLite only.
    /// </summary>
    public static string LowerSqlite(string seconds)
    {
        var hex = $"printf('%x', {seconds})";
        var log2 = $"4 * (length({hex}) - 1) + CAST(substr('011222233333333', instr('123456789abcdef', substr({hex}, 1, 1)), 1) AS INTEGER)";
        var shift = $"(min({log2}, {TopOctave}) - {BitOperations.Log2(PerOctave)})";
        return $"CASE WHEN {seconds} < {ExactBelow} THEN {seconds} ELSE ({seconds} >> {shift}) << {shift} END";
    }
}
