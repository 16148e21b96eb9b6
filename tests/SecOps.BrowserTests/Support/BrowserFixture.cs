using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OtpNet;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;

namespace SecOps.BrowserTests.Support;

/// <summary>
/// One app and one headless Debian Chromium for all browser tests. Playwright drives the system browser;
/// its own browser download is never used.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string AdminEmail = "browser-admin@example.test";
    public const string AdminPassword = "Browser-Tests-Password-1";

    /// <summary>Pre-enrols the administrator's TOTP (<c>SecOps__Bootstrap__AdminTotpSecret</c>): MFA is required for administrators.</summary>
    public const string AdminTotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    /// <summary>The bootstrap administrator every browser app starts with, and a sign-in rate limit no test run reaches.</summary>
    public static Dictionary<string, string?> AdminSettings() => new()
    {
        ["SecOps:Bootstrap:AdminEmail"] = AdminEmail,
        ["SecOps:Bootstrap:AdminPassword"] = AdminPassword,
        ["SecOps:Bootstrap:AdminTotpSecret"] = AdminTotpSecret,
        ["SecOps:Accounts:SignInAttemptsPerMinute"] = "10000",
        // An on-call rota for the rota page: two hand-overs a day in Berlin time.
        ["SecOps:OnCall:Teams:0:Name"] = "soc",
        ["SecOps:OnCall:Teams:0:TimeZone"] = "Europe/Berlin",
        ["SecOps:OnCall:Teams:0:Start"] = "2026-11-30",
        ["SecOps:OnCall:Teams:0:HandOvers:0"] = "08:00",
        ["SecOps:OnCall:Teams:0:HandOvers:1"] = "20:00",
        ["SecOps:OnCall:Teams:0:People:0"] = AdminEmail,
        ["SecOps:OnCall:Teams:0:People:1"] = "night-owl@example.test",
        ["SecOps:OnCall:Teams:0:People:2"] = "early-bird@example.test",
        ["SecOps:OnCall:Teams:0:Escalation:0"] = "soc-lead@example.test",
    };

    private IPlaywright? _playwright;

    public SecOpsApp App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;

    public static string ArtifactsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        // test.sh runs this pass beside both integration passes on two cores: a DOM state may take longer than
        // Playwright's 5 s default to arrive there, and these assertions say what arrives, not how fast (the benchmarks do).
        Assertions.SetDefaultExpectTimeout(20_000);
        App = new SecOpsApp(AdminSettings());
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("SECOPS_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    private string? _adminSession;
    private string? _adminSessionStamp;

    /// <summary>
    /// A fresh browser context (own cookie jar) signed in as the bootstrap administrator, on the home page. A TOTP code
    /// signs in once only, so contexts share the administrator's session (its cookies) while it stands, that is while the
    /// account's security stamp is the one it was signed in with; after a sign-out or ended sessions the next context
    /// signs in again.
    /// </summary>
    public async Task<IPage> SignedInPageAsync()
    {
        var stamp = await AdminSecurityStampAsync();
        var reuse = _adminSession is not null && _adminSessionStamp == stamp;
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            StorageState = reuse ? _adminSession : null,
        });
        var page = await context.NewPageAsync();
        if (reuse)
        {
            await page.GotoAsync("/");
        }
        if (!reuse || page.Url.Contains("/account/login", StringComparison.Ordinal))
        {
            await SignInAsync(page, AdminEmail, AdminPassword);
            await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
            _adminSession = await context.StorageStateAsync();
            _adminSessionStamp = stamp;
        }
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        return page;
    }

    private async Task<string?> AdminSecurityStampAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<SecOpsUser>>();
        return await users.FindByEmailAsync(AdminEmail) is { } admin ? await users.GetSecurityStampAsync(admin) : null;
    }

    /// <summary>Both steps: the password, then a TOTP code computed from the account's secret.</summary>
    public static async Task SignInAsync(IPage page, string email, string password, string totpSecret = AdminTotpSecret)
    {
        await SubmitPasswordAsync(page, email, password);
        await EnterTotpAsync(page, totpSecret);
    }

    /// <summary>The first step only: the sign-in form filled and sent.</summary>
    public static async Task SubmitPasswordAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>The second step: waits for it, enters the current code and sends it.</summary>
    public static async Task EnterTotpAsync(IPage page, string totpSecret)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login/mfa"));
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(await UnusedTotpAsync(totpSecret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
    }

    public static string Totp(string secret) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp();

    private static readonly Dictionary<string, long> LastSteps = [];
    private static readonly SemaphoreSlim StepsLock = new(1, 1);

    /// <summary>
    /// A code for a time step not used before with this secret: the app refuses a step it has seen (replay protection)
    /// and accepts up to two steps ahead, so this takes the current step or the next unused one within that window, and
    /// waits for the clock (bounded) only when all are spent.
    /// </summary>
    public static async Task<string> UnusedTotpAsync(string secret)
    {
        await StepsLock.WaitAsync();
        try
        {
            var totp = new Totp(Base32Encoding.ToBytes(secret));
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (true)
            {
                var now = DateTime.UtcNow;
                var current = (long)(now - DateTime.UnixEpoch).TotalSeconds / 30;
                var step = LastSteps.TryGetValue(secret, out var last) ? Math.Max(current, last + 1) : current;
                // At most one step ahead of this clock: the app allows two, this leaves one for the request's travel.
                if (step <= current + 1)
                {
                    LastSteps[secret] = step;
                    return totp.ComputeTotp(DateTime.UnixEpoch.AddSeconds(step * 30));
                }
                if (now > deadline)
                {
                    throw new TimeoutException("No unused TOTP time step within two minutes.");
                }
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
        finally
        {
            StepsLock.Release();
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsDirectory, name + ".png"), FullPage = false });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        App?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
