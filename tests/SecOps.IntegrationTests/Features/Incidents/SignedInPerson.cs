using OtpNet;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Features.Incidents;

/// <summary>A real account signed in over HTTP (password and TOTP), with the actor the services see for it.</summary>
internal sealed record SignedInPerson(Actor Actor, AccountClient Browser) : IDisposable
{
    private const string Password = "Incident-Tests-Password-3";

    /// <summary>Sign-ins per minute the app must allow for a test class that signs several people in.</summary>
    public static readonly KeyValuePair<string, string?> SignInLimit = new("SecOps:Accounts:SignInAttemptsPerMinute", "10000");

    public static async Task<SignedInPerson> CreateAsync(SecOpsApp app, string email, string role)
    {
        var totp = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        var user = await AccountClient.CreateUserAsync(app, email, Password, role, totp);
        var browser = new AccountClient(app);
        var first = await browser.SubmitPasswordAsync(email, Password);
        await browser.SubmitCodeAsync(AccountClient.Totp(totp), page: first.Location!);
        Assert.True(browser.HasCookie("secops.auth"), email + " is not signed in");
        return new(new Actor(user.Id, email, PermissionTable.ForRole(role).ToHashSet()), browser);
    }

    public void Dispose() => Browser.Dispose();
}
