using System.Reflection;
using SecOps.Web.Features.Accounts;

namespace SecOps.Web.Features.Playbooks;

/// <summary>
/// The playbooks shipped with SecOps (<c>Features/Playbooks/Library/*.yaml</c>, embedded in the app). On start, each
/// one whose id the store does not hold yet is added as version 1; one already there is never touched, so an
/// administrator's own version is never overwritten by an upgrade.
/// </summary>
public sealed class ShippedPlaybooks(PlaybookLibrary library, ILogger<ShippedPlaybooks> logger) : IHostedService
{
    private const string Prefix = "SecOps.Playbooks.";

    /// <summary>Every shipped file: its name and text.</summary>
    public static IReadOnlyList<(string Name, string Yaml)> Files()
    {
        var assembly = typeof(ShippedPlaybooks).Assembly;
        return [.. assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(n => (n[Prefix.Length..], Read(assembly, n)))];
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var present = await library.KeysAsync(cancellationToken);
        var missing = new List<PlaybookDefinition>();
        foreach (var (name, yaml) in Files())
        {
            var parse = PlaybookYaml.Parse(yaml);
            if (!parse.Succeeded)
            {
                // A test loads every shipped file through the same validator; this is a broken build, not a user error.
                throw new InvalidOperationException($"Shipped playbook {name} is invalid: {parse.Errors[0]}");
            }
            missing.AddRange(parse.Playbooks.Where(p => !present.Contains(p.Key)));
        }
        if (missing.Count > 0)
        {
            await library.StoreAsync(Actor.System, missing, cancellationToken);
            logger.LogInformation("Added {Count} shipped playbooks to the library: {Keys}", missing.Count, string.Join(", ", missing.Select(p => p.Key)));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
