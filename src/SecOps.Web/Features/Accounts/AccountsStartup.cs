using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SecOps.Web.Features.Demo;

namespace SecOps.Web.Features.Accounts;

/// <summary>Warns about an unencrypted key ring in production, creates the roles, encrypts TOTP secrets stored before they were encrypted, runs the bootstrap, and (demo only) prepares the demo accounts.</summary>
public sealed class AccountsStartup(IServiceScopeFactory scopes, IOptions<DemoOptions> demo, IOptions<KeyRingOptions> keyRing, IHostEnvironment environment, ILogger<AccountsStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsProduction() && keyRing.Value.Current is null)
        {
            // Not fatal: the demo and the smoke test run without one; a real install mounts a certificate.
            logger.LogWarning("{Section}:CertificatePath is not set: the Data Protection key ring (it protects sign-in cookies and TOTP secrets) is stored unencrypted.",
                KeyRingOptions.SectionName);
        }
        await using var scope = scopes.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
        var migrated = await ProtectedTokenStore.MigrateAsync(scope.ServiceProvider.GetRequiredService<Data.SecOpsDbContext>(),
            scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>(), cancellationToken);
        if (migrated > 0)
        {
            logger.LogInformation("Encrypted {Count} TOTP secrets stored in plain text.", migrated);
        }
        await scope.ServiceProvider.GetRequiredService<Bootstrap>().RunAsync(cancellationToken);
        if (demo.Value.Enabled)
        {
            if (!environment.IsDevelopment())
            {
                logger.LogWarning("SecOps:Demo:Enabled is true in {Environment}: demo accounts with printed passwords and generated alerts are on. Turn it off for real use.", environment.EnvironmentName);
            }
            await scope.ServiceProvider.GetRequiredService<DemoAccounts>().EnsureAsync();
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
