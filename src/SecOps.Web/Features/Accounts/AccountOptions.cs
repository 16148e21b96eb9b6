using System.ComponentModel.DataAnnotations;

namespace SecOps.Web.Features.Accounts;

/// <summary>Sign-in rules (<c>SecOps:Accounts</c>): who must use MFA, remembered devices, the sign-in rate limit, session timeouts and revalidation.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "SecOps:Accounts";

    /// <summary>Roles whose members must enrol TOTP before they can do anything, comma or space separated; empty for none.</summary>
    public string MfaRequiredRoles { get; set; } = Roles.Responder + "," + Roles.Admin;

    /// <summary>How long "remember this device" skips the second step; 0 hides the choice.</summary>
    [Range(0, 90)]
    public int RememberDeviceDays { get; set; } = 7;

    /// <summary>Sign-in, second-step and enrolment posts allowed per client address and minute.</summary>
    [Range(1, 100_000)]
    public int SignInAttemptsPerMinute { get; set; } = 20;

    /// <summary>Sign-in and second-step attempts allowed per account (email) and minute, counted across instances.</summary>
    [Range(1, 100_000)]
    public int SignInAttemptsPerAccountPerMinute { get; set; } = 10;

    /// <summary>A session unused this long ends (the sign-in cookie slides with use; open pages renew it while the person works).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after sign-in however much it is used: cookies are refused, open pages end within a minute.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How often open pages and sign-in cookies re-check the account (<see cref="SessionValidation"/>), so a disabled account,
    /// a changed role or ended sessions take effect within twice this; at most two minutes (ASVS 7.4), one by default.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IReadOnlySet<string> RequiredRoles() =>
        MfaRequiredRoles.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
