using SecOps.Web.Elasticsearch.Queries;

namespace SecOps.Tests.Elasticsearch.Queries;

public sealed class IndicatorTests
{
    [Theory]
    [InlineData("ip", "10.0.0.5", "10.0.0.5", "source.ip,destination.ip,client.ip,server.ip,host.ip,related.ip")]
    [InlineData("IP", " 2001:DB8::1 ", "2001:db8::1", "source.ip,destination.ip,client.ip,server.ip,host.ip,related.ip")]
    [InlineData("host", "web-*", "web-*", "host.name,host.hostname,related.hosts")]
    [InlineData("user", "\" OR 1=1", "\" OR 1=1", "user.name,user.id,user.target.name,related.user")]
    [InlineData("hash", "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", "da39a3ee5e6b4b0d3255bfef95601890afd80709", "file.hash.sha1,process.hash.sha1,related.hash")]
    [InlineData("hash", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "file.hash.sha256,process.hash.sha256,related.hash")]
    [InlineData("domain", "Evil.Example", "Evil.Example", "url.domain,dns.question.name,destination.domain,server.domain")]
    public void Create_MapsEachAllowedKindToItsEcsFields(string kind, string value, string searched, string fields)
    {
        var (indicator, error) = Indicator.Create(kind, value);

        Assert.Null(error);
        Assert.Equal(searched, indicator!.Value);
        Assert.Equal(fields.Split(','), indicator.Fields);
    }

    [Theory]
    [InlineData("url")]
    [InlineData("source.ip")]
    [InlineData("0")]
    [InlineData("2")]
    [InlineData("")]
    [InlineData(null)]
    public void Create_RefusesAnUnknownKind_NamingTheAllowedOnes(string? kind)
    {
        var (indicator, error) = Indicator.Create(kind, "x");

        Assert.Null(indicator);
        Assert.StartsWith("Unknown indicator kind", error, StringComparison.Ordinal);
        Assert.EndsWith("allowed: domain, hash, host, ip, user.", error, StringComparison.Ordinal);
        Assert.NotNull(Indicator.Create((IndicatorKind)42, "x").Error);
    }

    [Theory]
    [InlineData("ip", "10.0.0.0/8")]
    [InlineData("ip", "10")]
    [InlineData("ip", "fe80::1%eth0")]
    [InlineData("ip", "not-an-ip")]
    [InlineData("hash", "d41d8cd98f00b204e9800998ecf8427")]
    [InlineData("hash", "z41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("hash", "*")]
    [InlineData("user", "   ")]
    public void Create_RefusesAValueThatCannotBeOfItsKind(string kind, string value)
    {
        var (indicator, error) = Indicator.Create(kind, value);

        Assert.Null(indicator);
        Assert.NotNull(error);
    }

    [Fact]
    public void Create_RefusesAnOverlongValue_AndEnrichmentRefusesABackwardWindow()
    {
        var now = DateTimeOffset.UnixEpoch;

        Assert.NotNull(Indicator.Create("user", new string('u', Indicator.MaxValueLength + 1)).Error);
        Assert.NotNull(EnrichmentRequest.Create("user", "alice", now, now.AddSeconds(-1)).Error);
        Assert.StartsWith("Unknown indicator kind", EnrichmentRequest.Create("email", "a@b", now, now).Error, StringComparison.Ordinal);
        Assert.Equal((EnrichmentRequest.DefaultTop, EnrichmentRequest.DefaultLatest), EnrichmentRequest.Create("user", "alice", now, now) is ({ } r, _) ? (r.TopCount, r.LatestCount) : default);
    }

    [Fact]
    public void ToQuery_IsOneTermPerField_CaseInsensitiveOnlyForHashesAndDomains()
    {
        Assert.Equal(
            """{"bool":{"should":[{"term":{"url.domain":{"value":"a\"b\\c*","case_insensitive":true}}},{"term":{"dns.question.name":{"value":"a\"b\\c*","case_insensitive":true}}},{"term":{"destination.domain":{"value":"a\"b\\c*","case_insensitive":true}}},{"term":{"server.domain":{"value":"a\"b\\c*","case_insensitive":true}}}],"minimum_should_match":1}}""",
            Json(Indicator.Create("domain", "a\"b\\c*").Indicator!));
        Assert.Equal(
            """{"bool":{"should":[{"term":{"host.name":{"value":"h"}}},{"term":{"host.hostname":{"value":"h"}}},{"term":{"related.hosts":{"value":"h"}}}],"minimum_should_match":1}}""",
            Json(Indicator.Create("host", "h").Indicator!));
    }

    private static string Json(Indicator indicator) => new SecOps.Web.Elasticsearch.Dsl.SearchRequest { Query = indicator.ToQuery() }.ToJson()[9..^1];
}
