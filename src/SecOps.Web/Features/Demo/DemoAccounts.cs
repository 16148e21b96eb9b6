using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Demo;

/// <summary>
/// One account per role for trying the app, only while the demo is on. Passwords are new and random at
/// every start and printed once, so nothing guessable ever exists.
/// </summary>
public sealed class DemoAccounts(UserManager<SecOpsUser> users, TimeProvider time, ILogger<DemoAccounts> logger)
{
    public const string Domain = "demo.secops.local";

    public async Task<IReadOnlyList<(string Email, string Role, string Password)>> EnsureAsync()
    {
        var created = new List<(string, string, string)>();
        foreach (var role in Roles.All)
        {
            var email = $"{role}@{Domain}";
            var password = NewPassword();
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new SecOpsUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Demo " + role, CreatedAt = time.GetUtcNow() };
                Check(await users.CreateAsync(user, password));
                Check(await users.AddToRoleAsync(user, role));
            }
            else
            {
                var token = await users.GeneratePasswordResetTokenAsync(user);
                Check(await users.ResetPasswordAsync(user, token, password));
                await users.SetLockoutEndDateAsync(user, null);
            }
            created.Add((email, role, password));
        }
        foreach (var (email, role, password) in created)
        {
            // Printed to the console on purpose: this is how a developer gets in. Demo mode warns in Production.
            logger.LogWarning("Demo account {Role}: {Email} / {Password}", role, email, password);
        }
        return created;
    }

    private static string NewPassword() =>
        "Demo-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Demo account setup failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
