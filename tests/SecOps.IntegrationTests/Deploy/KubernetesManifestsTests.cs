using SecOps.IntegrationTests.Shippers;
using YamlDotNet.RepresentationModel;

namespace SecOps.IntegrationTests.Deploy;

/// <summary>
/// deploy/k8s as shipped (no cluster here to apply it to): every file parses as YAML, and the objects fit together, the
/// way the API server and the controllers would join them: selectors, ports, probe routes, the scale target, the Secret's
/// keys, and the kustomization's list of files.
/// </summary>
public sealed class KubernetesManifestsTests
{
    private static readonly string Directory = RepositoryFiles.PathOf("deploy/k8s");

    private static List<(string File, YamlMappingNode Object)> Objects() =>
        System.IO.Directory.GetFiles(Directory, "*.yaml").Order(StringComparer.Ordinal).SelectMany(file =>
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file))
            {
                stream.Load(reader);
            }
            return stream.Documents.Select(d => (Path.GetFileName(file), (YamlMappingNode)d.RootNode));
        }).ToList();

    private static YamlMappingNode Kind(string kind, string? name = null) =>
        Objects().Select(o => o.Object).Single(o => Text(o, "kind") == kind && (name is null || Text(o, "metadata", "name") == name));

    private static YamlNode? At(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out var next))
            {
                return null;
            }
            node = next;
        }
        return node;
    }

    private static string? Text(YamlNode node, params string[] path) => (At(node, path) as YamlScalarNode)?.Value;

    private static IEnumerable<YamlNode> Items(YamlNode node, params string[] path) => At(node, path) is YamlSequenceNode seq ? seq.Children : [];

    private static Dictionary<string, string?> Labels(YamlNode node, params string[] path) =>
        ((YamlMappingNode)At(node, path)!).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => ((YamlScalarNode)p.Value).Value);

    private static YamlMappingNode Container() => (YamlMappingNode)Items(Kind("Deployment"), "spec", "template", "spec", "containers").Single();

    [Fact]
    public void EveryManifest_ParsesAsYaml_AndEachObjectHasApiVersionKindAndName()
    {
        var objects = Objects();

        Assert.NotEmpty(objects);
        Assert.All(objects, o =>
        {
            Assert.False(string.IsNullOrEmpty(Text(o.Object, "apiVersion")), o.File);
            Assert.False(string.IsNullOrEmpty(Text(o.Object, "kind")), o.File);
            Assert.True(Text(o.Object, "kind") == "Kustomization" || !string.IsNullOrEmpty(Text(o.Object, "metadata", "name")), o.File);
        });
        Assert.Equal(
            ["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Ingress", "Kustomization", "NetworkPolicy", "PodDisruptionBudget", "Secret", "Service"],
            objects.Select(o => Text(o.Object, "kind")!).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Deployment_RunsTwoHardenedReplicas_ProbedOnTheHealthRoutes_OnTheContainersPort()
    {
        var deployment = Kind("Deployment");
        var container = Container();

        Assert.Equal("2", Text(deployment, "spec", "replicas"));
        Assert.Equal(Labels(deployment, "spec", "selector", "matchLabels"), Labels(deployment, "spec", "template", "metadata", "labels"));
        Assert.Equal("8080", Text(Items(container, "ports").Single(), "containerPort"));
        var port = Text(Items(container, "ports").Single(), "name");
        foreach (var probe in new[] { "startupProbe", "livenessProbe", "readinessProbe" })
        {
            Assert.Equal("/health/live", Text(container, probe, "httpGet", "path"));
            Assert.Equal(port, Text(container, probe, "httpGet", "port"));
        }
        Assert.Equal("true", Text(container, "securityContext", "readOnlyRootFilesystem"));
        Assert.Equal("true", Text(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot"));
        Assert.Equal(["/data", "/etc/secops/keyring", "/tmp"], Items(container, "volumeMounts").Select(m => Text(m, "mountPath")!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Deployment_MountsTheKeyRingCertificate_ReadOnly_FromAnOptionalSecret_AtThePathTheSecretNames()
    {
        var container = Container();
        var mount = Items(container, "volumeMounts").Single(m => Text(m, "name") == "keyring");
        var volume = Items(Kind("Deployment"), "spec", "template", "spec", "volumes").Single(v => Text(v, "name") == "keyring");

        Assert.Equal("true", Text(mount, "readOnly"));
        Assert.Equal("secops-keyring", Text(volume, "secret", "secretName"));
        Assert.Equal("true", Text(volume, "secret", "optional"));
        Assert.StartsWith(Text(mount, "mountPath") + "/", Text(Kind("Secret"), "stringData", "SecOps__DataProtection__CertificatePath"), StringComparison.Ordinal);
    }

    [Fact]
    public void Deployment_ReadsItsSettingsFromTheConfigMapAndTheSecret_WhichHoldTheStoreRedisAndKeys()
    {
        var sources = Items(Container(), "envFrom").ToList();
        var secret = Kind("Secret");
        var config = Kind("ConfigMap");

        Assert.Equal(Text(config, "metadata", "name"), Text(sources.Single(s => At(s, "configMapRef") is not null), "configMapRef", "name"));
        Assert.Equal(Text(secret, "metadata", "name"), Text(sources.Single(s => At(s, "secretRef") is not null), "secretRef", "name"));
        Assert.Equal("Postgres", Text(config, "data", "SecOps__Store__Provider"));
        Assert.Equal(
            ["ConnectionStrings__SecOps", "SecOps__DataProtection__CertificatePassword", "SecOps__DataProtection__CertificatePath", "SecOps__ScaleOut__Redis",
                "SecOps__Secrets__ApiKeyHashKey", "SecOps__Sources__Elasticsearch__ApiKey"],
            Labels(secret, "stringData").Keys.Order(StringComparer.Ordinal));
        // The connection strings name the Services that stand for the external engines.
        var external = Objects().Select(o => o.Object).Where(o => Text(o, "spec", "type") == "ExternalName").Select(o => Text(o, "metadata", "name")).ToList();
        Assert.Contains(external, name => Text(secret, "stringData", "ConnectionStrings__SecOps")!.Contains($"Host={name};", StringComparison.Ordinal));
        Assert.Contains(external, name => Text(secret, "stringData", "SecOps__ScaleOut__Redis")!.StartsWith($"{name}:", StringComparison.Ordinal));
        Assert.Contains(external, name => Text(config, "data", "SecOps__Sources__Elasticsearch__Nodes__0")!.Contains($"//{name}:", StringComparison.Ordinal));
    }

    [Fact]
    public void ServiceIngressAndAutoscaler_ReachTheDeployment_WithCookieAffinity_AndNeverFewerThanTwo()
    {
        var deployment = Kind("Deployment");
        var podLabels = Labels(deployment, "spec", "template", "metadata", "labels");
        var service = Kind("Service", "secops");
        var ingress = Kind("Ingress");
        var hpa = Kind("HorizontalPodAutoscaler");

        Assert.Equal(podLabels, Labels(service, "spec", "selector"));
        var servicePort = Items(service, "spec", "ports").Single();
        Assert.Equal(Text(Items(Container(), "ports").Single(), "name"), Text(servicePort, "targetPort"));
        var backend = At(Items(Items(ingress, "spec", "rules").Single(), "http", "paths").Single(), "backend", "service")!;
        Assert.Equal(Text(service, "metadata", "name"), Text(backend, "name"));
        Assert.Equal(Text(servicePort, "name"), Text(backend, "port", "name"));
        Assert.Equal("cookie", Text(ingress, "metadata", "annotations", "nginx.ingress.kubernetes.io/affinity"));
        Assert.Equal("secops_lb", Text(ingress, "metadata", "annotations", "nginx.ingress.kubernetes.io/session-cookie-name"));

        Assert.Equal("Deployment", Text(hpa, "spec", "scaleTargetRef", "kind"));
        Assert.Equal(Text(deployment, "metadata", "name"), Text(hpa, "spec", "scaleTargetRef", "name"));
        Assert.True(int.Parse(Text(hpa, "spec", "minReplicas")!, System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.Equal(podLabels, Labels(Kind("PodDisruptionBudget"), "spec", "selector", "matchLabels"));
    }

    [Fact]
    public void NetworkPolicy_AdmitsOnlyTheAppPort_AndLetsOutOnlyDnsPostgresRedisAndElasticsearch()
    {
        var policy = Kind("NetworkPolicy");

        Assert.Equal(Labels(Kind("Deployment"), "spec", "template", "metadata", "labels"), Labels(policy, "spec", "podSelector", "matchLabels"));
        Assert.Equal(["Egress", "Ingress"], Items(policy, "spec", "policyTypes").Select(t => ((YamlScalarNode)t).Value!).Order(StringComparer.Ordinal));
        Assert.Equal(["8080"], Items(policy, "spec", "ingress").SelectMany(r => Items(r, "ports")).Select(p => Text(p, "port")!).Distinct());
        Assert.Equal(["53", "5432", "6379", "9200"],
            Items(policy, "spec", "egress").SelectMany(r => Items(r, "ports")).Select(p => Text(p, "port")!).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Kustomization_ListsEveryManifestButTheSecretsShape_AndEachListedFileExists()
    {
        var resources = Items(Kind("Kustomization"), "resources").Select(r => ((YamlScalarNode)r).Value!).ToList();

        Assert.All(resources, r => Assert.True(File.Exists(Path.Combine(Directory, r)), r));
        Assert.Equal(
            System.IO.Directory.GetFiles(Directory, "*.yaml").Select(Path.GetFileName).Where(f => f is not ("kustomization.yaml" or "secret.yaml")).Order(StringComparer.Ordinal),
            resources.Order(StringComparer.Ordinal));
    }
}
