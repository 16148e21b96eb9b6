namespace SecOps.Web.Features.Accounts;

/// <summary>Return URLs after sign-in: only paths on this site, never another host (open redirect).</summary>
public static class LocalRedirect
{
    public static string Sanitize(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || returnUrl.Length > 2048)
        {
            return "/";
        }
        // "/x" is local; "//host" and "/\host" are protocol-relative to another host; anything else is not a path.
        var isLocalPath = returnUrl[0] == '/'
            && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            && !returnUrl.Any(char.IsControl);
        return isLocalPath && !returnUrl.StartsWith("/account/log", StringComparison.OrdinalIgnoreCase) ? returnUrl : "/";
    }
}
