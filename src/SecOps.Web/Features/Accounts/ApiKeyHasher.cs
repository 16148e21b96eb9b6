using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Keys are random 32-byte values; storing their HMAC (not a slow password hash) is safe because they
/// are not guessable, and it keeps the per-request lookup to one index seek.
/// </summary>
public sealed class ApiKeyHasher
{
    public const string KeyPrefix = "soc_";
    private readonly byte[] _hashKey;

    public ApiKeyHasher(IOptions<SecretOptions> options)
    {
        _hashKey = options.Value.ApiKeyHashKey is { Length: > 0 } configured
            ? Convert.FromBase64String(configured)
            : SecretFile.ReadOrCreate(options.Value.Directory, "api-key-hash.key", 32);
    }

    public string Hash(string key) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(key)));

    public static string NewKey() => KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
