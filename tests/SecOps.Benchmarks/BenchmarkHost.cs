using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SecOps.Web.Data;

namespace SecOps.Benchmarks;

/// <summary>
/// The real app on real Kestrel, bound to 127.0.0.1 on a free port, with a fresh store (a SQLite file, or a PostgreSQL
/// database of its own, dropped on dispose) and key directory. Demo is off; a bootstrap API key (ingest, read, metrics)
/// and administrator are created.
/// </summary>
// global::Program is the web app's entry point; this project's own is SecOps.Benchmarks.Program.
public sealed class BenchmarkHost : WebApplicationFactory<global::Program>
{
    public const string ApiKey = "soc_benchmark-bootstrap-key-0123456789abcdef0123456789";
    public const string AdminEmail = "bench-admin@secops.test";
    public const string AdminPassword = "Bench-Admin-Password-2026!";

    /// <summary>Pre-enrols the administrator's TOTP: MFA is required for administrators, the benchmarks enter a computed code.</summary>
    public const string AdminTotpSecret = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;

    /// <param name="configureServices">Extra services for the app (instrumentation such as a circuit counter), added after its own.</param>
    /// <param name="settings">Extra configuration (an Elasticsearch source, say), over the defaults here.</param>
    /// <param name="store">The store provider; PostgreSQL is the local server of <see cref="BenchmarkPostgres"/>.</param>
    public BenchmarkHost(Action<IServiceCollection>? configureServices = null, IReadOnlyDictionary<string, string?>? settings = null, StoreProvider store = StoreProvider.Sqlite)
    {
        _configureServices = configureServices;
        Store = store;
        DataDirectory = Path.Combine(Path.GetTempPath(), "secops-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        StoreConnectionString = store == StoreProvider.Postgres ? BenchmarkPostgres.CreateDatabase("app") : $"Data Source={DatabaseFile}";
        _settings = new Dictionary<string, string?>
        {
            ["SecOps:Store:Provider"] = store.ToString(),
            ["ConnectionStrings:SecOps"] = StoreConnectionString,
            ["SecOps:Secrets:Directory"] = Path.Combine(DataDirectory, "keys"),
            ["SecOps:Demo:Enabled"] = "false",
            ["SecOps:Bootstrap:ApiKey"] = ApiKey,
            ["SecOps:Bootstrap:AdminEmail"] = AdminEmail,
            ["SecOps:Bootstrap:AdminPassword"] = AdminPassword,
            ["SecOps:Bootstrap:AdminTotpSecret"] = AdminTotpSecret,
            ["SecOps:Accounts:SignInAttemptsPerMinute"] = "10000",
            ["SecOps:Accounts:SignInAttemptsPerAccountPerMinute"] = "10000",
            ["Logging:LogLevel:Default"] = "Warning",
            // Bootstrap warns once on creation; that is expected here and only noise in the figures.
            ["Logging:LogLevel:SecOps.Web.Features.Accounts"] = "Error",
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        try
        {
            StartServer();
        }
        catch
        {
            DeleteStore();
            throw;
        }
        if (!IPAddress.TryParse(BaseAddress.Host, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new InvalidOperationException($"The host must listen on loopback only, not {BaseAddress}.");
        }
    }

    public string DataDirectory { get; }

    public StoreProvider Store { get; }

    /// <summary>SQLite only: the store file.</summary>
    public string DatabaseFile => Path.Combine(DataDirectory, "secops.db");

    public string StoreConnectionString { get; }

    /// <summary>An open connection on the app's store, outside the app (no pooling on SQLite, so the file is free after).</summary>
    public DbConnection OpenStoreConnection()
    {
        DbConnection connection = Store == StoreProvider.Postgres
            ? new NpgsqlConnection(StoreConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabaseFile, Pooling = false, DefaultTimeout = 60 }.ToString());
        connection.Open();
        return connection;
    }

    public Uri BaseAddress => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseStaticWebAssets();
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_configureServices is not null)
        {
            builder.ConfigureServices(_configureServices);
        }
    }

    /// <summary>An API client on the real socket, authenticated with the bootstrap key.</summary>
    public HttpClient ApiClient()
    {
        var handler = new SocketsHttpHandler { UseCookies = false, UseProxy = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 16 };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", ApiKey);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DeleteStore();
        }
    }

    private void DeleteStore()
    {
        if (Store == StoreProvider.Postgres)
        {
            BenchmarkPostgres.DropDatabase(StoreConnectionString);
        }
        SqliteConnection.ClearAllPools();
        TryDelete(DataDirectory);
    }

    public static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean with the temp directory.
        }
    }
}
