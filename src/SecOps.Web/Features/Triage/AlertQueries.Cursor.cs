using System.Globalization;
using System.Text;
using SecOps.Web.Features.Alerts;

namespace SecOps.Web.Features.Triage;

public sealed partial class AlertQueries
{
    internal static class Cursor
    {
        /// <summary>The last row's time, id, severity and risk (as the bits of the double): enough to continue any of the orders.</summary>
        public static string Encode(AlertView last) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $"{last.AlertTime.UtcTicks}.{last.Id}.{(int)SeverityOf(last)}.{BitConverter.DoubleToInt64Bits(last.RiskScore ?? NoRisk)}")))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private static Severity SeverityOf(AlertView view) => AlertVocabulary.TryParseSeverity(view.Severity, out var severity) ? severity : Severity.Low;

        public static bool TryDecode(string? cursor, out DateTimeOffset time, out long id) => TryDecode(cursor, out time, out id, out _, out _);

        public static bool TryDecode(string? cursor, out DateTimeOffset time, out long id, out Severity severity, out double risk)
        {
            time = default;
            id = 0;
            severity = Severity.Low;
            risk = NoRisk;
            if (string.IsNullOrEmpty(cursor) || cursor.Length > 100)
            {
                return false;
            }
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var bytes = new byte[base64.Length];
            if (!Convert.TryFromBase64String(base64, bytes, out var written))
            {
                return false;
            }
            var parts = Encoding.UTF8.GetString(bytes, 0, written).Split('.');
            if (parts.Length >= 3 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var level) && Enum.IsDefined((Severity)level))
            {
                severity = (Severity)level;
            }
            if (parts.Length == 4)
            {
                if (!long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bits)
                    || !double.IsFinite(BitConverter.Int64BitsToDouble(bits)))
                {
                    return false;
                }
                risk = BitConverter.Int64BitsToDouble(bits);
            }
            if (parts.Length is not (2 or 3 or 4)
                || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out id)
                || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                return false;
            }
            time = new DateTimeOffset(ticks, TimeSpan.Zero);
            return true;
        }
    }
}
