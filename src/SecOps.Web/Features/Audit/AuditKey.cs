using Microsoft.Extensions.Options;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Audit;

/// <summary>
/// The audit chain's HMAC key: <c>SecOps:Secrets:AuditKey</c> (base64, at least 32 bytes) or, when not given, one generated
/// once into the secrets directory. Never in the database, so whoever can only write the store cannot recompute the chain.
/// Instances sharing a store must share this key.
/// </summary>
public sealed class AuditKey
{
    public const string FileName = "audit-hmac.key";
    public const int MinimumLength = 32;

    public AuditKey(IOptions<SecretOptions> options)
    {
        Bytes = options.Value.AuditKey is { Length: > 0 } configured
            ? Convert.FromBase64String(configured)
            : SecretFile.ReadOrCreate(options.Value.Directory, FileName, MinimumLength);
        if (Bytes.Length < MinimumLength)
        {
            throw new InvalidOperationException($"SecOps:Secrets:AuditKey must hold at least {MinimumLength} bytes (base64).");
        }
    }

    public byte[] Bytes { get; }
}
