namespace SecOps.IntegrationTests.Support;

/// <summary>
/// The Redis the scale-out tests use: <c>SECOPS_TEST_REDIS</c> (host:port; test.sh starts one and sets it). Tests that
/// need it are <see cref="RedisFactAttribute"/>s and are skipped, saying why, only when it is unset.
/// </summary>
public static class TestRedis
{
    public static string? Configuration { get; } =
        Environment.GetEnvironmentVariable("SECOPS_TEST_REDIS") is { Length: > 0 } redis ? redis : null;
}

/// <summary>A fact that needs a real Redis: skipped when <c>SECOPS_TEST_REDIS</c> is unset.</summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (TestRedis.Configuration is null)
        {
            Skip = "SECOPS_TEST_REDIS is not set (test.sh starts a local Redis and sets it to 127.0.0.1:6379)";
        }
    }
}
