using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OtpNet;
using SecOps.Web.Data;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// Creates the first administrator and an API key from the environment, only when they do not exist yet;
/// on later starts it changes nothing and warns that the variables should be removed.
/// </summary>
public sealed class Bootstrap(
    IOptions<BootstrapOptions> options,
    UserManager<SecOpsUser> users,
    IDbContextFactory<SecOpsDbContext> contexts,
    ApiKeyHasher hasher,
    AuditTrail audit,
    TimeProvider time,
    ILogger<Bootstrap> logger)
{
    public static readonly TimeSpan ApiKeyLifetime = TimeSpan.FromDays(90);
    public const int MinimumApiKeyLength = 32;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!string.IsNullOrEmpty(settings.AdminEmail) && !string.IsNullOrEmpty(settings.AdminPassword))
        {
            await CreateAdministratorAsync(settings, cancellationToken);
        }
        if (!string.IsNullOrEmpty(settings.ApiKey))
        {
            await CreateApiKeyAsync(settings.ApiKey, cancellationToken);
        }
    }

    private async Task CreateAdministratorAsync(BootstrapOptions settings, CancellationToken cancellationToken)
    {
        if ((await users.GetUsersInRoleAsync(Roles.Admin)).Count > 0)
        {
            logger.LogWarning("An administrator exists; SecOps__Bootstrap__AdminEmail and SecOps__Bootstrap__AdminPassword changed nothing. Remove them from the environment.");
            return;
        }
        var user = new SecOpsUser
        {
            UserName = settings.AdminEmail,
            Email = settings.AdminEmail,
            EmailConfirmed = true,
            DisplayName = "Administrator",
            CreatedAt = time.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, settings.AdminPassword!);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("The bootstrap administrator could not be created: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        }
        await users.AddToRoleAsync(user, Roles.Admin);
        if (!string.IsNullOrEmpty(settings.AdminTotpSecret))
        {
            var secret = settings.AdminTotpSecret.Replace(" ", "").ToUpperInvariant();
            if (Base32Encoding.ToBytes(secret).Length < 10)
            {
                throw new InvalidOperationException("SecOps__Bootstrap__AdminTotpSecret must be base32 of at least 80 bits.");
            }
            // Identity keeps the authenticator key as this token; setting it is what enrolment does.
            await users.SetAuthenticationTokenAsync(user, "[AspNetUserStore]", "AuthenticatorKey", secret);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        await audit.AppendAsync(Actor.System, "bootstrap.admin-created", "user:" + user.Id,
            string.IsNullOrEmpty(settings.AdminTotpSecret) ? null : "TOTP pre-enrolled", AuditOutcome.Success, cancellationToken);
        logger.LogWarning("Created the bootstrap administrator. Remove SecOps__Bootstrap__AdminPassword from the environment.");
    }

    private async Task CreateApiKeyAsync(string key, CancellationToken cancellationToken)
    {
        if (key.Length < MinimumApiKeyLength)
        {
            throw new InvalidOperationException($"SecOps__Bootstrap__ApiKey must be at least {MinimumApiKeyLength} characters of random data.");
        }
        var hash = hasher.Hash(key);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await db.ApiKeys.AnyAsync(k => k.KeyHash == hash, cancellationToken))
        {
            logger.LogWarning("The bootstrap API key exists; SecOps__Bootstrap__ApiKey changed nothing. Remove it from the environment.");
            return;
        }
        var now = time.GetUtcNow();
        var apiKey = new ApiKey
        {
            Name = "bootstrap",
            KeyHash = hash,
            Scopes = string.Join(' ', PermissionTable.ScopeIngest, PermissionTable.ScopeRead, PermissionTable.ScopeMetrics),
            CreatedAt = now,
            ExpiresAt = now + ApiKeyLifetime,
            CreatedBy = Actor.System.Id,
        };
        db.ApiKeys.Add(apiKey);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(Actor.System, "bootstrap.api-key-created", "apikey:" + apiKey.Id, "scopes " + apiKey.Scopes, AuditOutcome.Success, cancellationToken);
        logger.LogInformation("Created the bootstrap API key (expires {ExpiresAt:u}).", apiKey.ExpiresAt);
    }
}
