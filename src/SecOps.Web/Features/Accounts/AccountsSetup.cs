using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using SecOps.Web.Data;
using SecOps.Web.Features.Audit;
using SecOps.Web.Features.Demo;
using SecOps.Web.Hosting;

namespace SecOps.Web.Features.Accounts;

public static class AccountsSetup
{
    public static IHostApplicationBuilder AddSecOpsAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var paths = DataPaths.From(builder);
        services.AddOptions<SecretOptions>().BindConfiguration(SecretOptions.SectionName)
            .PostConfigure(o => o.Directory = paths.KeyDirectory(o.Directory)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName);
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.SectionName);
        services.AddSingleton<MfaPolicy>();
        services.AddSingleton<SessionValidation>();
        services.AddSingleton<UserSessions>();
        services.AddScoped<MfaEnrolment>();
        services.AddSignInRateLimit();
        services.AddSingleton<AccountAttemptLimit>();
        services.AddSingleton<ApiKeyHasher>();
        builder.AddSecOpsAudit();
        services.AddSingleton<AccessGuard>();
        services.AddSingleton<PersonErasure>();
        services.AddSingleton<ApiKeys>();
        services.AddSingleton<UserPreferences>();
        services.AddScoped<Bootstrap>();
        services.AddScoped<DemoAccounts>();

        // The key ring protects cookies and antiforgery tokens, so it must outlive restarts and, with several instances,
        // be one ring: on PostgreSQL (the multi-instance store) it lives in the store; on SQLite (one instance) beside the other app keys.
        var dataProtection = services.AddDataProtection().SetApplicationName("SecOps");
        if (Data.StoreOptions.ProviderOf(builder.Configuration) == StoreProvider.Postgres)
        {
            dataProtection.PersistKeysToDbContext<SecOpsDbContext>();
        }
        else
        {
            var keyDirectory = paths.KeyDirectory(builder.Configuration[$"{SecretOptions.SectionName}:Directory"]);
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(keyDirectory, "data-protection")));
        }
        dataProtection.ProtectKeysWith(builder.Configuration.GetSection(KeyRingOptions.SectionName).Get<KeyRingOptions>() ?? new KeyRingOptions());
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationState>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddPolicyScheme(ApiAuthorization.ApiOrCookieScheme, "API key or sign-in cookie", o => o.ForwardDefaultSelector = ApiAuthorization.SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        new AuthenticationBuilder(services).AddSingleSignOn(builder.Configuration);
        new AuthenticationBuilder(services).AddCookie(MfaEnrolment.Scheme, o =>
        {
            // Only the enrolment page reads it: after a right password, before MFA exists; nothing else accepts it.
            o.Cookie.Name = "secops.enrol";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromMinutes(15);
            o.SlidingExpiration = false;
            o.LoginPath = "/account/login";
        });
        services.ConfigureApplicationCookie(ConfigureCookie);
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<AccountOptions>>((o, accounts) => SessionTimeouts.Configure(o, accounts.Value));
        // Cookies re-read the account as often as circuits do: a changed stamp (ended sessions, sign-out, new password, a
        // disabled account) ends them, changed roles or MFA state reach the claims.
        services.AddOptions<SecurityStampValidatorOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<AccountOptions>>((o, accounts) => o.ValidationInterval = accounts.Value.RevalidationInterval);
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.TwoFactorRememberMeScheme)
            .Configure<Microsoft.Extensions.Options.IOptions<AccountOptions>>((o, accounts) =>
            {
                o.Cookie.Name = "secops.device";
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.ExpireTimeSpan = TimeSpan.FromDays(Math.Max(1, accounts.Value.RememberDeviceDays));
            });

        services.AddIdentityCore<SecOpsUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                // Length, not composition (OWASP ASVS 6.2.1, 6.2.5); PasswordPolicy adds the rest.
                o.Password.RequiredLength = PasswordPolicy.MinimumLength;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SecOpsDbContext>()
            .AddSignInManager<SecOpsSignInManager>()
            .AddClaimsPrincipalFactory<SecOpsClaimsFactory>()
            .AddPasswordValidator<PasswordPolicy>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider);
        // TOTP keys and recovery codes encrypted with the key ring (replaces the store AddEntityFrameworkStores registered).
        services.AddScoped<IUserStore<SecOpsUser>, ProtectedTokenStore>();

        var authorization = services.AddAuthorizationBuilder();
        ApiAuthorization.AddPolicies(authorization);
        PermissionPolicy.AddPolicies(authorization);
        services.AddHostedService<AccountsStartup>();
        return builder;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions cookie)
    {
        cookie.LoginPath = "/account/login";
        cookie.LogoutPath = "/account/logout";
        cookie.AccessDeniedPath = "/account/denied";
        cookie.Cookie.Name = "secops.auth";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.Events.OnRedirectToLogin = context => StatusOrRedirect(context, StatusCodes.Status401Unauthorized);
        cookie.Events.OnRedirectToAccessDenied = context => StatusOrRedirect(context, StatusCodes.Status403Forbidden);
    }

    private static Task StatusOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (ApiAuthorization.IsApiPath(context.Request.Path))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
