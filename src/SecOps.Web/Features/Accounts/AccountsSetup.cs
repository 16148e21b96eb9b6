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
        services.AddSingleton<ApiKeyHasher>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AccessGuard>();
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
        services.ConfigureApplicationCookie(ConfigureCookie);

        services.AddIdentityCore<SecOpsUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SecOpsDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        ApiAuthorization.AddPolicies(services.AddAuthorizationBuilder());
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
        cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        cookie.SlidingExpiration = true;
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
