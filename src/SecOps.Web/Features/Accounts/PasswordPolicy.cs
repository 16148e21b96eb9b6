using Microsoft.AspNetCore.Identity;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Length over composition (OWASP ASVS 6.2): at least 12 characters (Identity's own check), any characters, at most 256,
/// and not a well-known password.
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<SecOpsUser>
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 256;

    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password1234", "password12345", "password123456", "passwordpassword", "123456789012", "1234567890123",
        "12345678901234", "qwertyuiop12", "qwertyuiop123", "qwerty123456", "1q2w3e4r5t6y", "1qaz2wsx3edc",
        "iloveyou1234", "welcome12345", "letmein12345", "administrator", "administrator1", "changeme1234",
        "abcdefghijkl", "aaaaaaaaaaaa", "111111111111", "000000000000", "secops123456", "Password123!",
        "P@ssw0rd1234", "P@ssword1234", "Welcome@2024", "Welcome@2025", "Welcome@2026", "Summer2025!!",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<SecOpsUser> manager, SecOpsUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }
        var errors = new List<IdentityError>();
        if (password.Length > MaximumLength)
        {
            errors.Add(new IdentityError { Code = "PasswordTooLong", Description = $"Passwords must be at most {MaximumLength} characters." });
        }
        if (Common.Contains(password))
        {
            errors.Add(new IdentityError { Code = "PasswordCommon", Description = "This password is too well known; choose another." });
        }
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }
}
