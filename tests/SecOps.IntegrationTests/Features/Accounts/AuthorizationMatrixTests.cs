using System.Net;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.StaticAssets;
using SecOps.IntegrationTests.Shippers;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Features.Accounts;

namespace SecOps.IntegrationTests.Features.Accounts;

/// <summary>
/// Issue #12, authorization: every page, API endpoint and hub method the running app maps (read from its endpoint data
/// source and its hub types, so a new one cannot be forgotten), and every permission-checked service operation (every
/// <c>AccessGuard.RequireAsync</c> in the source), is tried by each kind of caller, anonymous included, and must answer
/// exactly as the one table below says. An endpoint, hub method or operation the table does not name fails the test.
/// </summary>
public sealed partial class AuthorizationMatrixTests(AuthorizationMatrixTests.App app) : IClassFixture<AuthorizationMatrixTests.App>
{
    public enum Caller { Anonymous, Analyst, Responder, Manager, Admin, IngestKey, ReadKey, MetricsKey, IncidentsKey }

    private static readonly Caller[] Anyone = Enum.GetValues<Caller>();
    private static readonly Caller[] People = [Caller.Analyst, Caller.Responder, Caller.Manager, Caller.Admin];
    // The incidents key reads what the read key reads (alerts and incidents), and escalates and edits incidents.
    private static readonly Caller[] PeopleOrReadKey = [.. People, Caller.ReadKey, Caller.IncidentsKey];
    private static readonly Caller[] Triagers = [Caller.Analyst, Caller.Responder, Caller.Admin];
    private static readonly Caller[] Escalators = [.. Triagers, Caller.IncidentsKey];
    private static readonly Caller[] IncidentWriters = [Caller.Responder, Caller.Admin, Caller.IncidentsKey];
    private static readonly Caller[] PlaybookWriters = [Caller.Responder, Caller.Admin];
    private static readonly Caller[] IncidentsKeys = [Caller.IncidentsKey];
    private static readonly Caller[] Reporters = [Caller.Manager, Caller.Admin];
    private static readonly Caller[] Admins = [Caller.Admin];
    // Only machines ingest: no person, administrators included, can post alerts or audit events as if a source had.
    private static readonly Caller[] IngestKeys = [Caller.IngestKey];
    private static readonly Caller[] MetricsKeys = [Caller.MetricsKey];

    /// <summary>Who may use each endpoint ("METHODS route" as mapped), per PRODUCT.md's route table and the permission table.</summary>
    private static readonly Dictionary<string, Caller[]> Endpoints = new()
    {
        // Pages.
        ["GET,POST /"] = People,
        ["GET,POST /triage"] = People,
        ["GET,POST /triage/suppressions"] = People,
        ["GET,POST /incidents"] = People,
        ["GET,POST /incidents/{Id:long}"] = People,
        ["GET,POST /incidents/{Id:long}/print"] = People,
        ["GET,POST /playbooks"] = People,
        ["GET,POST /playbooks/{Key}"] = People,
        ["GET,POST /playbooks/new"] = PlaybookWriters,
        ["GET,POST /playbooks/{Key}/edit"] = PlaybookWriters,
        ["GET,POST /on-call"] = People,
        ["GET,POST /on-call/acknowledge"] = People,
        ["GET,POST /compliance"] = Reporters,
        ["GET,POST /compliance/{FrameworkId}"] = Reporters,
        ["GET,POST /account/login"] = Anyone,
        ["GET,POST /account/login/mfa"] = Anyone,
        ["GET,POST /account/mfa/enrol"] = Anyone,
        ["GET,POST /account/denied"] = Anyone,
        ["GET,POST /error"] = Anyone,
        ["GET,POST /not-found"] = Anyone,
        // Browser endpoints.
        ["POST /account/logout"] = Anyone,
        // Single sign-on's start and return (404 while it is off, as in this app).
        ["GET /account/sso"] = Anyone,
        ["GET /account/sso/callback"] = Anyone,
        // The provider's back-channel logout (server to server; the signed logout token is its credential).
        ["POST /account/sso/backchannel-logout"] = Anyone,
        ["GET /account/alive"] = People,
        ["GET /compliance/metrics.csv"] = Reporters,
        ["GET,POST /reports"] = Reporters,
        ["GET /reports/report.xlsx"] = Reporters,
        ["GET /reports/{table}.csv"] = Reporters,
        ["GET /reports/{table}.xlsx"] = Reporters,
        ["GET,POST /admin/audit"] = Admins,
        ["GET /admin/audit/export.csv"] = Admins,
        ["GET,POST /admin/users"] = Admins,
        ["GET,POST /admin/roles"] = Admins,
        ["GET,POST /admin/approvals"] = Admins,
        ["GET,POST /admin/access-reviews"] = Admins,
        ["GET,POST /admin/api-keys"] = Admins,
        ["GET,POST /admin/erasure"] = Admins,
        ["GET,POST /admin/teams"] = Admins,
        ["GET,POST /admin/retention"] = Admins,
        ["GET,POST /admin/automation"] = Admins,
        ["GET,POST /admin/outbound"] = Admins,
        ["GET /playbooks/{key}/export"] = People,
        ["GET /incidents/{id:long}/evidence/{evidenceId:long}"] = People,
        ["GET /incidents/{id:long}/export.csv"] = People,
        ["GET /incidents/{id:long}/export.md"] = People,
        ["GET /css/theme.css"] = Anyone,
        // API.
        ["POST /api/v1/alerts"] = IngestKeys,
        ["GET /api/v1/alerts"] = PeopleOrReadKey,
        ["GET /api/v1/alerts/{id:long}"] = PeopleOrReadKey,
        ["POST /api/v1/audit-events"] = IngestKeys,
        ["GET /api/v1/audit-events"] = PeopleOrReadKey,
        ["GET /api/v1/incidents"] = PeopleOrReadKey,
        ["GET /api/v1/incidents/{id:long}"] = PeopleOrReadKey,
        ["GET /api/v1/incidents/{id:long}/tasks"] = PeopleOrReadKey,
        ["POST /api/v1/incidents/"] = IncidentsKeys,
        ["GET /api/v1/incidents/{id:long}/evidence"] = PeopleOrReadKey,
        ["GET /api/v1/incidents/{id:long}/evidence/{evidenceId:long}"] = PeopleOrReadKey,
        ["POST /api/v1/incidents/{id:long}/evidence"] = IncidentsKeys,
        ["POST /api/v1/incidents/{id:long}/playbooks"] = IncidentsKeys,
        ["POST /api/v1/incidents/{id:long}/tasks/{taskId:long}/complete"] = IncidentsKeys,
        ["POST /api/v1/incidents/{id:long}/tasks/{taskId:long}/skip"] = IncidentsKeys,
        ["POST /api/v1/incidents/{id:long}/tasks/{taskId:long}/reopen"] = IncidentsKeys,
        ["POST /api/v1/incidents/{id:long}/tasks/{taskId:long}/assign"] = IncidentsKeys,
        ["PATCH /api/v1/incidents/{id:long}"] = IncidentsKeys,
        ["POST /api/v1/incidents/{id:long}/alerts"] = IncidentsKeys,
        ["POST /api/v1/incidents/{id:long}/notes"] = IncidentsKeys,
        ["POST /api/v1/incidents/{id:long}/observables"] = IncidentsKeys,
        ["GET,HEAD /api/v1/elastic/"] = IngestKeys,
        ["GET /api/v1/elastic/_license"] = IngestKeys,
        ["POST,PUT /api/v1/elastic/_bulk"] = IngestKeys,
        ["POST,PUT /api/v1/elastic/{index}/_bulk"] = IngestKeys,
        ["GET /openapi/{documentName}.json"] = PeopleOrReadKey,
        ["* /metrics"] = MetricsKeys,
        ["* /health/live"] = Anyone,
        ["* /health/ready"] = Anyone,
        // The hub (its methods are below) and Blazor's circuit, whose pages authorize themselves.
        ["* /hubs/soc/negotiate"] = PeopleOrReadKey,
        ["* /hubs/soc"] = PeopleOrReadKey,
        ["* /_blazor/negotiate"] = Anyone,
        ["* /_blazor"] = Anyone,
        ["* /_blazor/disconnect/"] = Anyone,
        ["* /_blazor/initializers/"] = Anyone,
        ["GET /_framework/opaque-redirect"] = Anyone,
        // Static web assets' fallback for files (the files themselves are checked by StaticAssets_…).
        ["GET,HEAD {**path:file}"] = Anyone,
    };

    /// <summary>Who may call each hub method ("Hub.Method").</summary>
    private static readonly Dictionary<string, Caller[]> HubMethods = new()
    {
        ["SocHub.Resume"] = PeopleOrReadKey,
    };

    /// <summary>
    /// Who passes each permission check of a service ("File: action" of an <c>AccessGuard.RequireAsync</c> call; the action
    /// is the audit name, or the expression that computes it).
    /// </summary>
    private static readonly Dictionary<string, Caller[]> Operations = new()
    {
        ["UserSessions.cs: \"account.sessions-ended\""] = Admins,
        ["ApiKeys.cs: \"api-key.create\""] = Admins,
        ["ApiKeys.cs: \"api-key.list\""] = Admins,
        ["ApiKeys.cs: \"api-key.revoke\""] = Admins,
        ["AdminUsers.cs: \"account.list\""] = Admins,
        ["AdminRoles.cs: \"role.list\""] = Admins,
        ["AdminUsers.cs: \"account.role\""] = Admins,
        ["AdminUsers.cs: action"] = Admins,
        ["AdminUsers.cs: \"person.find\""] = Admins,
        ["AdminUsers.cs: \"account.sso-unlink\""] = Admins,
        ["Approvals.cs: \"approval.request\""] = Admins,
        ["AccessReviews.cs: \"access-review.list\""] = Admins,
        ["AccessReviews.cs: \"access-review.start\""] = Admins,
        ["AccessReviews.cs: \"access-review.read\""] = Admins,
        ["AccessReviews.cs: \"access-review.decide\""] = Admins,
        ["AccessReviews.cs: \"access-review.complete\""] = Admins,
        ["Approvals.cs: \"approval.approve\""] = Admins,
        ["Approvals.cs: \"approval.reject\""] = Admins,
        ["Approvals.cs: \"approval.list\""] = Admins,
        ["RetentionPolicies.cs: \"retention.read\""] = Admins,
        ["RetentionPolicies.cs: ChangeAction"] = Admins,
        ["RetentionPurge.cs: RunAction"] = Admins,
        ["RetentionPurge.cs: \"retention.preview\""] = Admins,
        ["RetentionPurge.cs: \"retention.runs\""] = Admins,
        ["AutomationRules.cs: \"automation.rules\""] = Admins,
        ["AutomationRules.cs: \"automation.firings\""] = Admins,
        ["AutomationRules.cs: SaveAction"] = Admins,
        ["AutomationRules.cs: DeleteAction"] = Admins,
        ["OutboundHosts.cs: \"outbound.hosts\""] = Admins,
        ["OutboundHosts.cs: AddAction"] = Admins,
        ["OutboundHosts.cs: RemoveAction"] = Admins,
        ["AuditEventIngestor.cs: \"audit-events.ingest\""] = IngestKeys,
        ["AuditEventQueries.cs: \"audit-events.list\""] = PeopleOrReadKey,
        ["AuditEventQueries.cs: \"audit-events.search\""] = PeopleOrReadKey,
        ["ComplianceQueries.cs: \"compliance.read\""] = [.. Reporters, Caller.MetricsKey],
        ["ComplianceQueries.Playbooks.cs: \"compliance.playbook-times\""] = [.. Reporters, Caller.MetricsKey],
        ["FrameworkEvidence.cs: \"compliance.framework\""] = Reporters,
        ["FrameworkEvidence.cs: \"compliance.frameworks\""] = Reporters,
        ["IncidentEditing.cs: \"incident.access\""] = IncidentWriters,
        ["IncidentEditing.cs: \"incident.update\""] = IncidentWriters,
        ["IncidentEditing.cs: \"incident.note\""] = IncidentWriters,
        ["IncidentEditing.cs: \"incident.event\""] = IncidentWriters,
        ["IncidentRegulatory.cs: \"incident.regulatory\""] = IncidentWriters,
        ["IncidentRegulatory.cs: \"incident.notification\""] = IncidentWriters,
        ["ReportQueries.cs: \"reports.read\""] = Reporters,
        // Subscribing is a personal setting, granted with the permission to read what is sent (managers have it).
        ["ReportSubscriptions.cs: \"reports.subscription\""] = Reporters,
        ["ReportSubscriptions.cs: \"reports.subscribe\""] = Reporters,
        ["ReportSubscriptions.cs: \"reports.unsubscribe\""] = Reporters,
        ["PersonErasure.cs: Action"] = Admins,
        ["AuditEndpoints.cs: \"audit.export\""] = Admins,
        ["AuditVerifier.cs: \"audit.verify\""] = Admins,
        ["IncidentEscalation.cs: \"incident.create\""] = Escalators,
        ["IncidentEscalation.cs: \"incident.link\""] = Escalators,
        ["IncidentEscalation.cs: \"incident.entities\""] = Escalators,
        ["IncidentObservables.cs: \"incident.observables\""] = IncidentWriters,
        ["IncidentEvidence.cs: \"evidence.list\""] = PeopleOrReadKey,
        ["IncidentEvidence.cs: \"evidence.upload\""] = IncidentWriters,
        ["IncidentEvidence.cs: \"evidence.download\""] = PeopleOrReadKey,
        ["SeenBefore.cs: \"incident.seen-before\""] = PeopleOrReadKey,
        ["PostIncidentReviews.cs: \"incident.review.read\""] = PeopleOrReadKey,
        ["PostIncidentReviews.cs: \"incident.review\""] = IncidentWriters,
        ["IncidentEditing.cs: \"incident.classify\""] = IncidentWriters,
        ["IncidentCommunications.cs: \"incident.communications\""] = PeopleOrReadKey,
        ["IncidentCommunications.cs: \"incident.communication\""] = IncidentWriters,
        ["IncidentQueries.cs: \"incident.list\""] = PeopleOrReadKey,
        ["IncidentQueries.cs: \"incident.read\""] = PeopleOrReadKey,
        ["IncidentQueries.cs: \"incident.timeline\""] = PeopleOrReadKey,
        ["AlertIngestor.cs: \"alerts.ingest\""] = IngestKeys,
        ["AlertNotes.cs: \"alert.note\""] = Triagers,
        ["AlertNotes.cs: \"alert.notes\""] = PeopleOrReadKey,
        ["OverviewQueries.cs: \"overview.read\""] = PeopleOrReadKey,
        ["ComplianceQueries.cs: \"overview.metrics\""] = PeopleOrReadKey,
        ["IncidentTasks.cs: \"incident.tasks\""] = PeopleOrReadKey,
        ["IncidentTasks.cs: \"incident.playbook.suggest\""] = PeopleOrReadKey,
        ["PlaybookLibrary.cs: \"playbook.import\""] = Admins,
        ["PlaybookLibrary.cs: \"playbook.edit\""] = PlaybookWriters,
        ["OnCallRota.cs: \"oncall.read\""] = PeopleOrReadKey,
        // Everyone who reads the rota sees the open pages; acknowledging is further limited to the person paged (OnCallPagerTests).
        ["DutyPages.cs: \"oncall.pages\""] = PeopleOrReadKey,
        ["DutyPages.cs: OnCallPager.AcknowledgeAction"] = PeopleOrReadKey,
        ["PlaybookLibrary.cs: \"playbook.list\""] = People,
        ["PlaybookLibrary.cs: \"playbook.read\""] = People,
        ["PlaybookRunner.cs: \"incident.playbook.attach\""] = IncidentWriters,
        ["PlaybookRunner.cs: action"] = IncidentWriters,
        ["SuppressionMatches.cs: \"suppression.preview\""] = PeopleOrReadKey,
        ["SuppressionMatches.cs: \"alert.close.bulk\""] = Triagers,
        ["Suppressions.cs: \"suppression.create\""] = Triagers,
        ["Suppressions.cs: \"suppression.revoke\""] = Triagers,
        ["Suppressions.cs: \"suppression.list\""] = PeopleOrReadKey,
        ["Teams.cs: \"team.list\""] = PeopleOrReadKey,
        ["Teams.cs: \"team.create\""] = Admins,
        ["Teams.cs: \"team.member.add\""] = Admins,
        ["Teams.cs: \"team.member.remove\""] = Admins,
        ["Teams.cs: \"team.rename\""] = Admins,
        ["Teams.cs: \"team.delete\""] = Admins,
        ["Teams.cs: \"team.incident-counts\""] = Admins,
        ["Teams.cs: \"team.candidates\""] = Admins,
        ["AlertQueries.cs: \"alerts.list\""] = PeopleOrReadKey,
        ["AlertQueries.cs: \"alerts.get\""] = PeopleOrReadKey,
        ["AlertQueries.cs: \"alerts.detail\""] = PeopleOrReadKey,
        ["AlertQueries.cs: \"alerts.count\""] = PeopleOrReadKey,
        ["AlertQueries.Counts.cs: \"alerts.count\""] = PeopleOrReadKey,
        ["AlertQueries.Groups.cs: \"alerts.group\""] = PeopleOrReadKey,
        ["AlertTriage.cs: auditName"] = Triagers,
        ["AlertTriage.cs: action"] = Triagers,
        ["AlertTriage.cs: \"alert.history\""] = PeopleOrReadKey,
        ["SourceQueries.cs: \"source.raw-events\""] = PeopleOrReadKey,
        ["SourceQueries.cs: \"source.enrich\""] = PeopleOrReadKey,
        ["SourceQueries.cs: \"source.alert-metrics\""] = PeopleOrReadKey,
        ["BoardViews.cs: \"views.list\""] = PeopleOrReadKey,
        ["BoardViews.cs: \"views.save\""] = PeopleOrReadKey,
        ["BoardViews.cs: \"views.delete\""] = PeopleOrReadKey,
    };

    public sealed class App() : SecOpsApp(new Dictionary<string, string?> { ["SecOps:Accounts:SignInAttemptsPerMinute"] = "10000" }), IAsyncLifetime
    {
        private const string Password = "Matrix-Tests-Password-7";

        public Dictionary<Caller, CookieContainer> Cookies { get; } = [];

        public Dictionary<Caller, string> Keys { get; } = [];

        public async Task InitializeAsync()
        {
            Cookies[Caller.Anonymous] = new CookieContainer();
            var roles = new Dictionary<Caller, string>
            {
                [Caller.Analyst] = Roles.Analyst, [Caller.Responder] = Roles.Responder, [Caller.Manager] = Roles.Manager, [Caller.Admin] = Roles.Admin,
            };
            foreach (var (caller, role) in roles)
            {
                var email = $"{role}-{Guid.NewGuid():N}@example.test";
                var totpKey = OtpNet.Base32Encoding.ToString(OtpNet.KeyGeneration.GenerateRandomKey(20));
                await AccountClient.CreateUserAsync(this, email, Password, role, totpKey);
                using var browser = new AccountClient(this);
                var first = await browser.SubmitPasswordAsync(email, Password);
                var second = await browser.SubmitCodeAsync(AccountClient.Totp(totpKey), page: first.Location!);
                Assert.True(browser.HasCookie("secops.auth"), $"{caller} is not signed in: {second.Status} {second.Location}");
                Cookies[caller] = browser.Cookies;
            }
            Keys[Caller.IngestKey] = await CreateApiKeyAsync(PermissionTable.ScopeIngest);
            Keys[Caller.ReadKey] = await CreateApiKeyAsync(PermissionTable.ScopeRead);
            Keys[Caller.MetricsKey] = await CreateApiKeyAsync(PermissionTable.ScopeMetrics);
            Keys[Caller.IncidentsKey] = await CreateApiKeyAsync(PermissionTable.ScopeIncidents);
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

        public HttpClient ClientFor(Caller caller)
        {
            var handler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = Cookies.ContainsKey(caller), CookieContainer = Cookies.GetValueOrDefault(caller) ?? new CookieContainer() };
            var client = new HttpClient(handler) { BaseAddress = BaseAddress };
            if (Keys.TryGetValue(caller, out var key))
            {
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", key);
            }
            return client;
        }
    }

    [Fact]
    public async Task EveryEndpoint_AnswersEachCaller_AsTheTableSays()
    {
        var endpoints = MappedEndpoints().Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null).ToList();
        var keys = endpoints.Select(Key).ToHashSet();

        Nothing(keys.Except(Endpoints.Keys).Select(k => "not in the table: " + k));
        Nothing(Endpoints.Keys.Except(keys).Select(k => "in the table but not mapped: " + k));
        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var key = Key(endpoint);
            var (method, path) = Request(endpoint);
            foreach (var caller in Anyone)
            {
                var expected = Endpoints[key].Contains(caller);
                var (allowed, answer) = await TryAsync(caller, method, path);
                if (allowed != expected)
                {
                    wrong.Add($"{key} as {caller}: expected {(expected ? "allowed" : "refused")}, got {answer}");
                }
            }
        }

        Nothing(wrong);
    }

    [Fact]
    public async Task StaticAssets_CarryNoAuthorization_AndAreServedToAnonymous()
    {
        var assets = MappedEndpoints().Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null).ToList();

        Assert.NotEmpty(assets);
        Nothing(assets.Where(e => e.Metadata.GetMetadata<IAuthorizeData>() is not null).Select(Key));
        var (allowed, answer) = await TryAsync(Caller.Anonymous, "GET", "/css/app.css");
        Assert.True(allowed, answer);
    }

    [Fact]
    public async Task EveryHubMethod_AnswersEachCaller_AsTheTableSays()
    {
        var hubs = typeof(Program).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(Hub)) && !t.IsAbstract).ToList();
        var mapped = MappedEndpoints().Select(e => e.Metadata.GetMetadata<HubMetadata>()?.HubType).OfType<Type>().ToHashSet();
        Nothing(hubs.Where(h => !mapped.Contains(h)).Select(h => "hub not mapped: " + h.Name));
        var methods = hubs.SelectMany(h => h.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => m.GetBaseDefinition().DeclaringType == h && !m.IsSpecialName)).ToList();
        var keys = methods.Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToHashSet();

        Nothing(keys.Except(HubMethods.Keys).Select(k => "not in the table: " + k));
        Nothing(HubMethods.Keys.Except(keys).Select(k => "in the table but not a hub method: " + k));
        var wrong = new List<string>();
        foreach (var method in methods)
        {
            var path = MappedEndpoints().First(e => e.Metadata.GetMetadata<HubMetadata>()?.HubType == method.DeclaringType
                && !e.RoutePattern.RawText!.EndsWith("/negotiate", StringComparison.Ordinal)).RoutePattern.RawText!;
            var key = $"{method.DeclaringType!.Name}.{method.Name}";
            foreach (var caller in Anyone)
            {
                var (allowed, answer) = await InvokeAsync(caller, path, method);
                if (allowed != HubMethods[key].Contains(caller))
                {
                    wrong.Add($"{key} as {caller}: expected {(allowed ? "refused" : "allowed")}, got {answer}");
                }
            }
        }

        Nothing(wrong);
    }

    [Fact]
    public async Task EveryPermissionCheckedOperation_LetsThrough_ExactlyTheTablesCallers()
    {
        var checks = PermissionChecks();
        var guard = app.Get<AccessGuard>();

        Assert.NotEmpty(checks);
        Nothing(checks.Keys.Except(Operations.Keys).Select(k => "not in the table: " + k));
        Nothing(Operations.Keys.Except(checks.Keys).Select(k => "in the table but not in the source: " + k));
        var wrong = new List<string>();
        foreach (var (key, permissions) in checks)
        {
            foreach (var permission in permissions)
            {
                foreach (var caller in Anyone)
                {
                    bool allowed;
                    try
                    {
                        await guard.RequireAsync(ActorFor(caller), permission, "authorization-matrix", key, CancellationToken.None);
                        allowed = true;
                    }
                    catch (AccessDeniedException)
                    {
                        allowed = false;
                    }
                    if (allowed != Operations[key].Contains(caller))
                    {
                        wrong.Add($"{key} ({permission}) as {caller}: {(allowed ? "allowed" : "refused")}");
                    }
                }
            }
        }

        Nothing(wrong);
    }

    /// <summary>Every line of what is wrong in the failure message, not the first few.</summary>
    private static void Nothing(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, string.Join(Environment.NewLine, list));
    }

    private IEnumerable<RouteEndpoint> MappedEndpoints() =>
        app.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    private static string Key(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
        return $"{(methods is null or { Count: 0 } ? "*" : string.Join(',', methods))} {endpoint.RoutePattern.RawText}";
    }

    [GeneratedRegex(@"\{\*?(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    private static (string Method, string Path) Request(RouteEndpoint endpoint)
    {
        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
        var method = methods.Count == 0 || methods.Contains("GET") ? "GET" : methods[0];
        var path = RouteParameter().Replace(endpoint.RoutePattern.RawText!, m => m.Groups[2].Value.Contains("long") || m.Groups[2].Value.Contains("int") ? "1"
            : m.Groups[1].Value == "documentName" ? "v1" : m.Value.StartsWith("{*", StringComparison.Ordinal) ? "missing/file.txt" : "sample");
        return (method, path.StartsWith('/') ? path : "/" + path);
    }

    /// <summary>Refused: 401, 403, or the redirect a refusal makes (to the sign-in page with a return URL, or to the no-access page).</summary>
    private async Task<(bool Allowed, string Answer)> TryAsync(Caller caller, string method, string path)
    {
        using var client = app.ClientFor(caller);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        var location = response.Headers.Location?.OriginalString ?? "";
        var refused = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect
                && (location.Contains("/account/denied", StringComparison.Ordinal) || (location.Contains("/account/login", StringComparison.Ordinal) && location.Contains("ReturnUrl=", StringComparison.OrdinalIgnoreCase))));
        return (!refused, $"{method} {path} -> {(int)response.StatusCode} {location}");
    }

    private async Task<(bool Allowed, string Answer)> InvokeAsync(Caller caller, string path, MethodInfo method)
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.BaseAddress, path), o =>
            {
                if (app.Keys.TryGetValue(caller, out var key))
                {
                    o.Headers["Authorization"] = "ApiKey " + key;
                }
                if (app.Cookies.TryGetValue(caller, out var cookies))
                {
                    o.Cookies = cookies;
                }
            })
            .Build();
        try
        {
            await connection.StartAsync();
        }
        catch (HttpRequestException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return (false, "connection refused " + (int)e.StatusCode!);
        }
        var arguments = method.GetParameters().Select(p => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray();
        try
        {
            await connection.InvokeCoreAsync(method.Name, arguments);
            return (true, "invoked");
        }
        catch (HubException e)
        {
            return (false, "invocation refused: " + e.Message);
        }
    }

    [GeneratedRegex(@"RequireAsync\(\s*\w+\s*,\s*Permission\.(\w+)\s*,\s*([^,]+?)\s*,")]
    private static partial Regex RequireCall();

    /// <summary>Every <c>RequireAsync(actor, Permission.X, action, …)</c> in the app's source: "File: action" and the permissions it checks.</summary>
    private static Dictionary<string, HashSet<Permission>> PermissionChecks()
    {
        var checks = new Dictionary<string, HashSet<Permission>>();
        var source = Path.Combine(RepositoryFiles.Root, "src", "SecOps.Web");
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(source, "*.razor", SearchOption.AllDirectories))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
        {
            foreach (Match call in RequireCall().Matches(File.ReadAllText(file)))
            {
                var key = $"{Path.GetFileName(file)}: {call.Groups[2].Value}";
                if (!checks.TryGetValue(key, out var set))
                {
                    checks[key] = set = [];
                }
                set.Add(Enum.Parse<Permission>(call.Groups[1].Value));
            }
        }
        return checks;
    }

    private static Actor ActorFor(Caller caller)
    {
        var claims = caller switch
        {
            Caller.Anonymous => null,
            Caller.Analyst => new Claim(ClaimTypes.Role, Roles.Analyst),
            Caller.Responder => new Claim(ClaimTypes.Role, Roles.Responder),
            Caller.Manager => new Claim(ClaimTypes.Role, Roles.Manager),
            Caller.Admin => new Claim(ClaimTypes.Role, Roles.Admin),
            Caller.IngestKey => new Claim(Actor.ScopeClaim, PermissionTable.ScopeIngest),
            Caller.ReadKey => new Claim(Actor.ScopeClaim, PermissionTable.ScopeRead),
            Caller.IncidentsKey => new Claim(Actor.ScopeClaim, PermissionTable.ScopeIncidents),
            _ => new Claim(Actor.ScopeClaim, PermissionTable.ScopeMetrics),
        };
        return claims is null
            ? Actor.From(new ClaimsPrincipal(new ClaimsIdentity()))
            : Actor.From(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "matrix-" + caller), claims], "test")));
    }
}
