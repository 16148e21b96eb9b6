using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Admin;

/// <summary>
/// <c>dotnet SecOps.Web.dll admin recover --email admin@example.com [--password-stdin]</c>: break glass for a locked-out
/// administrator, run by whoever holds the server. It enables and unlocks the named administrator's account, resets their
/// MFA (they enrol again at the next sign-in) and ends their sessions; with <c>--password-stdin</c> it also sets the
/// password read from the first line of standard input (never from the command line, which shells and process lists keep).
/// Audited as <see cref="Action"/> by <see cref="Actor"/>. Only an existing administrator can be recovered: it never makes
/// one. Exit 0 done, 1 refused (no such administrator, bad password), 2 usage. Other arguments configure the host as for the server.
/// </summary>
public static class BreakGlassCommand
{
    public const string Action = "break-glass.recover";
    public const int Done = 0;
    public const int Refused = 1;
    public const int Usage = 2;

    public static readonly Actor Actor = new("break-glass", "break-glass command", new HashSet<Permission>());

    public sealed record Arguments(string? Email, bool PasswordFromInput);

    /// <summary>Whether the arguments ask for the command; its own options are taken out, the rest go to the host.</summary>
    public static bool Matches(string[] args, out Arguments command, out string[] hostArgs)
    {
        command = new(null, false);
        hostArgs = args;
        if (args is not ["admin", "recover", ..])
        {
            return false;
        }
        var rest = new List<string>();
        string? email = null;
        var password = false;
        for (var i = 2; i < args.Length; i++)
        {
            if (args[i] == "--email" && i + 1 < args.Length)
            {
                email = args[++i];
            }
            else if (args[i].StartsWith("--email=", StringComparison.Ordinal))
            {
                email = args[i]["--email=".Length..];
            }
            else if (args[i] == "--password-stdin")
            {
                password = true;
            }
            else
            {
                rest.Add(args[i]);
            }
        }
        command = new(email, password);
        hostArgs = [.. rest];
        return true;
    }

    public static async Task<int> RunAsync(IServiceProvider services, Arguments arguments, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(arguments.Email))
        {
            await output.WriteLineAsync("Usage: admin recover --email <administrator's email> [--password-stdin]");
            return Usage;
        }
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
        var user = await users.FindByEmailAsync(arguments.Email.Trim());
        if (user is null || !await users.IsInRoleAsync(user, Roles.Admin))
        {
            await audit.AppendAsync(Actor, Action, null, "refused: no administrator with that email", AuditOutcome.Refused, cancellationToken);
            await output.WriteLineAsync("Refused: no administrator has that email. This command only recovers an existing administrator.");
            return Refused;
        }
        var target = "user:" + user.Id;
        var password = false;
        if (arguments.PasswordFromInput)
        {
            var line = await input.ReadLineAsync(cancellationToken);
            if (string.IsNullOrEmpty(line))
            {
                await output.WriteLineAsync("Refused: no password on standard input.");
                return Refused;
            }
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var reset = await users.ResetPasswordAsync(user, token, line);
            if (!reset.Succeeded)
            {
                await audit.AppendAsync(Actor, Action, target, "refused: the password does not meet the policy", AuditOutcome.Refused, cancellationToken);
                await output.WriteLineAsync("Refused: " + string.Join(" ", reset.Errors.Select(e => e.Description)));
                return Refused;
            }
            password = true;
        }
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            await AccountChanges.SetDisabledAsync(db, user.Id, false, cancellationToken);
            await AccountChanges.ResetMfaAsync(db, user.Id, cancellationToken);
        }
        await audit.AppendAsync(Actor, Action, target, "enabled, unlocked, MFA reset, sessions ended" + (password ? ", password set" : ""), AuditOutcome.Success, cancellationToken);
        await output.WriteLineAsync($"Recovered {user.Email}: enabled and unlocked, MFA reset (enrol again at the next sign-in), sessions ended{(password ? ", password set" : "")}. Recorded in the audit trail.");
        return Done;
    }
}
