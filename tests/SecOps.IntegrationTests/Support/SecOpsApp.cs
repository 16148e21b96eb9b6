using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Support;

/// <summary>
/// The real app on real Kestrel (loopback, a free port) with its own SQLite file and key directory, so each
/// test class gets a fresh store. Demo is off; a bootstrap API key with ingest, read and metrics is created.
/// </summary>
public class SecOpsApp : WebApplicationFactory<Program>
{
    public const string BootstrapKey = "soc_integration-tests-bootstrap-key-0123456789abcdef";

    private readonly Dictionary<string, string?> _settings;

    private readonly TimeProvider? _time;

    private readonly bool _keepStore;

    private readonly bool _fromTemplate;

    private readonly Action<IServiceCollection>? _services;

    /// <param name="keepStore">Leave the store when disposed: several instances share it, and the test removes it after the last.</param>
    /// <param name="services">The test's own service registrations (fakes, loopback receivers), applied after the app's.</param>
    public SecOpsApp(IDictionary<string, string?>? settings = null, string? dataDirectory = null, TimeProvider? time = null, bool keepStore = false,
        Action<IServiceCollection>? services = null)
    {
        _time = time;
        _services = services;
        _keepStore = keepStore;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "secops-it-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        var store = TestStore.Settings(DataDirectory);
        _settings = new Dictionary<string, string?>(store)
        {
            ["SecOps:Secrets:Directory"] = Path.Combine(DataDirectory, "keys"),
            // The anchor file of the audit chain lives in the data directory, so each app (or pair sharing a store) has its own.
            ["SecOps:DataDirectory"] = DataDirectory,
            ["SecOps:Demo:Enabled"] = "false",
            ["SecOps:Bootstrap:ApiKey"] = BootstrapKey,
            ["SecOps:Live:ResumeGrace"] = "00:00:00.300",
            // Tests that move a fake clock by hours would otherwise get a purge run (and its audit record) they did not ask for.
            ["SecOps:Retention:Enabled"] = "false",
            // Suites sign one account in many times a minute (the browser tests' administrator above all); the per-account
            // limit is tested where it is set low (AccountAttemptLimitTests).
            ["SecOps:Accounts:SignInAttemptsPerAccountPerMinute"] = "10000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        // A store where TestStore put it starts with the migrated schema; a test that moves the store (DataDirectoryTests)
        // gets none, so its app creates and migrates one itself.
        _fromTemplate = _settings.GetValueOrDefault("ConnectionStrings:SecOps") == store["ConnectionStrings:SecOps"];
        if (_fromTemplate)
        {
            TestStore.StartFromTemplate(DataDirectory);
        }
        UseKestrel(0);
        StartServer();
    }

    public string DataDirectory { get; }

    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Serve MudBlazor's and the top-level wwwroot's files from their build locations, as `dotnet run` does.
        builder.UseStaticWebAssets();
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_fromTemplate)
        {
            // EF compares the model with the migrations on every MigrateAsync (a model diff, several percent of an app's
            // start). The template's migration makes that comparison once per test process and fails on a pending change
            // (TestStore), so an app on a copy of it need not repeat it; stores that do not start from it still do.
            builder.ConfigureTestServices(services => TestStore.ConfigureContexts(services,
                o => o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning))));
        }
        if (_time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(_time));
        }
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    public HttpClient Client(string? apiKey = BootstrapKey)
    {
        // A plain client against the real socket: redirects are not followed, so a test sees them.
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseAddress };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", apiKey);
        }
        return client;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public async Task<string> CreateApiKeyAsync(params string[] scopes) =>
        (await Get<ApiKeys>().CreateAsync(Actor.System, "test " + string.Join('+', scopes), scopes, TimeSpan.FromDays(1), CancellationToken.None)).Key;

    public HubConnection Hub(string? apiKey = BootstrapKey) => new HubConnectionBuilder()
        .WithUrl(new Uri(BaseAddress, "/hubs/soc"), o =>
        {
            if (apiKey is not null)
            {
                o.Headers["Authorization"] = "ApiKey " + apiKey;
            }
        })
        .Build();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !_keepStore)
        {
            TestStore.Delete(DataDirectory);
        }
    }
}
