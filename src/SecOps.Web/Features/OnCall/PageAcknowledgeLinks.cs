using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace SecOps.Web.Features.OnCall;

/// <summary>What a mail link's token says: the page it acknowledges (null when the token is not one of ours) and whether it expired.</summary>
public sealed record PageLinkReading(long? PageId, bool Expired);

/// <summary>
/// The "acknowledge" link in a page's mail: <c>/on-call/acknowledge?token=…</c>, a token protected with the app's Data
/// Protection key ring (shared by every instance) holding the page's id and when the link expires (on the app's clock,
/// <see cref="OnCallPagingOptions.AcknowledgeLinkLifetime"/> after the mail). It only leads to the page: acknowledging
/// still needs the person paged to be signed in, and a page acknowledges once, so the link works once.
/// </summary>
public sealed class PageAcknowledgeLinks(IDataProtectionProvider protection, IOptions<OnCallPagingOptions> options, TimeProvider time)
{
    public const string Route = "/on-call/acknowledge";

    private readonly IDataProtector _protector = protection.CreateProtector("SecOps.OnCall.PageAcknowledgeLink.v1");

    /// <summary>The link for <paramref name="pageId"/>, or null while <see cref="OnCallPagingOptions.AcknowledgeLinkBase"/> is not set.</summary>
    public string? For(long pageId)
    {
        if (options.Value.AcknowledgeLinkBase is not { Length: > 0 } baseUrl)
        {
            return null;
        }
        return baseUrl.TrimEnd('/') + Route + "?token=" + Token(pageId);
    }

    /// <summary>A token for <paramref name="pageId"/>, expiring <see cref="OnCallPagingOptions.AcknowledgeLinkLifetime"/> from now.</summary>
    public string Token(long pageId)
    {
        var expires = time.GetUtcNow() + options.Value.AcknowledgeLinkLifetime;
        return _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{pageId}|{expires.ToUnixTimeMilliseconds()}"));
    }

    public PageLinkReading Read(string? token)
    {
        string payload;
        try
        {
            payload = _protector.Unprotect(token ?? "");
        }
        catch (CryptographicException)
        {
            return new PageLinkReading(null, false);
        }
        catch (FormatException)
        {
            return new PageLinkReading(null, false);
        }
        var parts = payload.Split('|');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pageId)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return new PageLinkReading(null, false);
        }
        return new PageLinkReading(pageId, time.GetUtcNow().ToUnixTimeMilliseconds() >= expires);
    }
}
