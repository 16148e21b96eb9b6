using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SecOps.IntegrationTests.Support;
using SecOps.Web.Data;
using SecOps.Web.Features.Accounts;
using SecOps.Web.Features.Alerts;
using SecOps.Web.Features.Triage;

namespace SecOps.IntegrationTests.Features.Triage;

/// <summary>
/// Trailing wildcards and CIDR ranges: the store's translation (SQL over the indexed key columns) and the live matcher
/// (memory) select the same alerts over the same data, and the sets are the ones expected (so agreeing on nothing fails).
/// </summary>
public sealed class WildcardAndCidrQueryTests : IClassFixture<WildcardAndCidrQueryTests.Data>
{
    private readonly Data _data;

    public WildcardAndCidrQueryTests(Data data) => _data = data;

    /// <summary>One store for every case, each alert named by its host.</summary>
    public sealed class Data : IAsyncLifetime
    {
        public SecOpsApp App { get; } = new();

        public static readonly (string Host, string? SourceIp, string? DestinationIp)[] Rows =
        [
            ("web-01", "45.155.1.2", "10.0.0.5"),
            ("web-02", "45.155.255.255", null),
            ("web_03", "45.156.0.1", "2001:db8::1"),
            ("web%04", "::ffff:45.155.9.9", "2001:db8:0:1::5"),  // IPv4-mapped IPv6 of an address inside 45.155.0.0/16
            ("webby", "2001:db8::1", "2001:DB8::ff"),
            ("Web-05", "2001:0db8:0000:0000:0000:0000:0000:0002", "::1"),
            ("db-01", "not-an-ip", "1.2.3"),
            ("db-02", "0.0.0.0", "255.255.255.255"),
            ("db-03", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
            ("db-04", null, "010.0.0.1"),
            ("ünï-01", "fe80::1", null),
        ];

        public async Task InitializeAsync()
        {
            var documents = Rows.Select(r =>
            {
                var document = Documents.Alert(host: r.Host);
                if (r.SourceIp is not null)
                {
                    document["source"] = new JsonObject { ["ip"] = r.SourceIp };
                }
                if (r.DestinationIp is not null)
                {
                    document["destination"] = new JsonObject { ["ip"] = r.DestinationIp };
                }
                return document;
            }).ToArray();
            await Documents.PostAsync(App.Client(), documents);
        }

        public Task DisposeAsync()
        {
            App.Dispose();
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData("host:web-*", "web-01 web-02")]
    [InlineData("host:web*", "web-01 web-02 web_03 web%04 webby")]
    [InlineData("host:web_*", "web_03")]
    [InlineData("host:web%*", "web%04")]
    [InlineData("host:*", "web-01 web-02 web_03 web%04 webby Web-05 db-01 db-02 db-03 db-04 ünï-01")]
    [InlineData("host:ünï*", "ünï-01")]
    [InlineData("NOT host:web*", "Web-05 db-01 db-02 db-03 db-04 ünï-01")]
    [InlineData("host:\"web-*\"", "")]
    [InlineData("ip:45.155.0.0/16", "web-01 web-02 web%04")]
    [InlineData("ip:45.155.7.7/16", "web-01 web-02 web%04")]
    [InlineData("ip:45.155.1.2/32", "web-01")]
    [InlineData("ip:45.155.1.2", "web-01")]
    [InlineData("ip:::ffff:45.155.0.0/112", "web-01 web-02 web%04")]
    [InlineData("ip:0.0.0.0/0", "web-01 web-02 web_03 web%04 db-02")]
    [InlineData("ip:::/0", "web-01 web-02 web_03 web%04 webby Web-05 db-02 db-03 ünï-01")]
    [InlineData("NOT ip:::/0", "db-01 db-04")]
    [InlineData("ip:2001:db8::/32", "webby Web-05")]
    [InlineData("ip:2001:db8::1/128", "webby")]
    [InlineData("ip:2001:db8::1", "webby")]
    [InlineData("ip:\"not-an-ip\"", "db-01")]
    [InlineData("ip:fe80::/10 OR ip:::/128", "ünï-01 db-03")]
    [InlineData("destination.ip:2001:db8::/48", "web_03 web%04 webby")]
    [InlineData("destination.ip:10.0.0.0/8", "web-01")]
    [InlineData("destination.ip:255.255.255.255/32 OR destination.ip:ffff:ffff:ffff:ffff::/64", "db-02 db-03")]
    [InlineData("NOT destination.ip:0.0.0.0/0", "web-02 web_03 web%04 webby Web-05 db-01 db-03 db-04 ünï-01")]
    [InlineData("web*", "web-01 web-02 web_03 web%04 webby Web-05")]
    [InlineData("host:web-* AND ip:45.155.0.0/16", "web-01 web-02")]
    public async Task StoreQueryAndLiveMatcher_SelectTheSameAlerts(string text, string expectedHosts)
    {
        var (parsed, error) = AlertQueryParser.Parse(text);
        Assert.Null(error);
        var queries = _data.App.Get<AlertQueries>();
        var time = TimeProvider.System;

        var fromStore = (await queries.ListAsync(Actor.System, parsed!, 100, null, CancellationToken.None)).Items.Select(a => a.HostName).ToHashSet();
        var all = (await queries.ListAsync(Actor.System, AlertQuery.All, 100, null, CancellationToken.None)).Items;
        var fromMatcher = all.Where(a => AlertQueryMatcher.Matches(parsed!, a, time)).Select(a => a.HostName).ToHashSet();

        Assert.Equal(Data.Rows.Length, all.Count);
        Assert.Equal(fromMatcher.Order(), fromStore.Order());
        Assert.Equal(expectedHosts.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(), fromStore.Order()!);
        Assert.Equal(fromStore.Count, await queries.CountAsync(Actor.System, parsed!, CancellationToken.None));
    }

    [Theory]
    [InlineData("host:*web")]
    [InlineData("host:we*b")]
    [InlineData("ip:45.155.*")]
    [InlineData("ip:45.155.0.0/33")]
    [InlineData("ip:2001:db8::/129")]
    [InlineData("ip:45.155")]
    [InlineData("ip:1.2.3.4/")]
    [InlineData("ip:010.0.0.1")]
    [InlineData("ip:fe80::1%eth0")]
    [InlineData("destination.ip:web-01")]
    [InlineData("we*b")]
    [InlineData("severity:hi*")]
    public async Task UnsupportedWildcardsAndAddresses_AreA400WithThePosition_NeverAnEmptyAnswer(string text)
    {
        using var response = await _data.App.Client().GetAsync("/api/v1/alerts?query=" + Uri.EscapeDataString(text));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<AlertReadEndpoints.QueryErrorResponse>();
        Assert.False(string.IsNullOrWhiteSpace(body!.Error));
        Assert.Equal(text.IndexOf(':') + 1, body.Position);
    }

    [Fact]
    public async Task IngestedAlerts_CarryTheirNormalisedKeys()
    {
        await using var db = await _data.App.Get<IDbContextFactory<SecOpsDbContext>>().CreateDbContextAsync();
        var byHost = await db.Alerts.ToDictionaryAsync(a => a.HostName!, a => (a.SourceIpKey, a.DestinationIpKey));

        Assert.Equal(("00000000000000000000ffff2d9b0102", "00000000000000000000ffff0a000005"), byHost["web-01"]);
        Assert.Equal(byHost["web-01"].SourceIpKey![..24], byHost["web%04"].SourceIpKey![..24]);
        Assert.Equal(("20010db8000000000000000000000002", "00000000000000000000000000000001"), byHost["Web-05"]);
        Assert.Equal(("", ""), byHost["db-01"]);
        Assert.Equal((null, ""), byHost["db-04"]);
        Assert.Equal(IpKey.Of("2001:db8::ff"), byHost["webby"].DestinationIpKey);
    }
}
