using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SecOps.Web.Features.Audit;

/// <summary>
/// The HMAC-SHA256 chain over audit records. A record's MAC covers a canonical form of its fields (each length-prefixed,
/// so no two different records serialise alike) and the previous record's MAC, under a key kept outside the database
/// (<see cref="AuditKey"/>): editing, removing, moving or inserting a record breaks every later link, and someone with
/// only the database cannot recompute the chain.
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous MAC" of the first record.</summary>
    public static readonly string Genesis = new('0', 64);

    public const int MacLength = 64;

    public static string Mac(byte[] key, AuditRecord record, string previousMac) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Canonical(record, previousMac)));

    public static byte[] Canonical(AuditRecord record, string previousMac)
    {
        var text = new StringBuilder("secops-audit-v1\n");
        Field(text, record.Sequence?.ToString(CultureInfo.InvariantCulture));
        Field(text, record.At.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Field(text, record.ActorId);
        Field(text, record.Action);
        Field(text, record.Target);
        Field(text, record.Details);
        Field(text, ((int)record.Outcome).ToString(CultureInfo.InvariantCulture));
        Field(text, previousMac);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Field(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append("-\n");
            return;
        }
        text.Append('+').Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
    }

    /// <summary>Constant-time comparison, so a verification timing tells nothing about a forged MAC.</summary>
    public static bool Same(string? a, string? b) =>
        a is not null && b is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
