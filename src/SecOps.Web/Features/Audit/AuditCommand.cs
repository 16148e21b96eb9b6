using Microsoft.Extensions.Options;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Audit;

/// <summary>
/// <c>dotnet SecOps.Web.dll audit verify</c>: verifies the audit chain of the configured store against the configured key
/// and anchor sources (the file, and Elasticsearch when configured), prints the result and the anchor sources it checked,
/// and exits 0 when intact, 1 when not, 2 when it cannot verify. The web server is not started. Other arguments (configuration such as <c>--SecOps:DataDirectory=/data</c>) work as for the server.
/// </summary>
public static class AuditCommand
{
    public const int Intact = 0;
    public const int Broken = 1;
    public const int CannotVerify = 2;

    /// <summary>Whether the arguments ask for the command; <paramref name="hostArgs"/> gets the rest, for the host's configuration.</summary>
    public static bool Matches(string[] args, out string[] hostArgs)
    {
        if (args is ["audit", "verify", ..])
        {
            hostArgs = args[2..];
            return true;
        }
        hostArgs = args;
        return false;
    }

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var secrets = services.GetRequiredService<IOptions<SecretOptions>>().Value;
        var keyFile = Path.Combine(secrets.Directory, AuditKey.FileName);
        if (string.IsNullOrEmpty(secrets.AuditKey) && !File.Exists(keyFile))
        {
            // Never generate a key here: a new key would only make every record look forged.
            await output.WriteLineAsync($"Cannot verify: no audit key (SecOps:Secrets:AuditKey is not set and {keyFile} does not exist).");
            return CannotVerify;
        }
        try
        {
            var result = await services.GetRequiredService<AuditVerifier>().VerifyAsync(cancellationToken);
            await output.WriteLineAsync((result.Intact ? "OK: " : "FAILED: ") + result.Message);
            if (result.FirstBadSequence is { } sequence)
            {
                await output.WriteLineAsync($"First bad record: {sequence}" + (result.FirstBadId is { } id ? $" (row id {id})" : ""));
            }
            else if (result.FirstBadId is { } id)
            {
                await output.WriteLineAsync($"First bad record: row id {id}");
            }
            foreach (var source in result.Sources)
            {
                await output.WriteLineAsync($"Anchor source checked: {source}");
            }
            return result.Intact ? Intact : Broken;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await output.WriteLineAsync("Cannot verify: " + e.Message);
            return CannotVerify;
        }
    }
}
