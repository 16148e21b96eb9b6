using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SecOps.Web.Features.Audit;

namespace SecOps.Web.Features.Accounts;

/// <summary>
/// A fixed window per client address on every sign-in, second-step and enrolment post and single sign-on return, on top of Identity's per-account
/// lockout (5 failures, 15 minutes). A refusal answers 429 and is audited once per address and window.
/// </summary>
public static class SignInRateLimit
{
    private static readonly string[] LimitedPaths = ["/account/login", MfaEnrolmentGate.EnrolPath];

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services)
    {
        services.AddSingleton<RefusalLog>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AccountOptions>>((o, accounts) =>
        {
            var perMinute = accounts.Value.SignInAttemptsPerMinute;
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => IsLimited(context.Request)
                ? RateLimitPartition.GetFixedWindowLimiter(Address(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = OnRejectedAsync;
        });
        return services;
    }

    // Single sign-on's start and returns are GETs anyone can send, and a failed return is audited: counted like sign-in posts.
    public static bool IsLimited(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) && LimitedPaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        || (HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments(SingleSignOnEndpoints.StartPath, StringComparison.OrdinalIgnoreCase));

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static async ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var address = Address(http);
        if (http.RequestServices.GetRequiredService<RefusalLog>().FirstInWindow(address, now))
        {
            await http.RequestServices.GetRequiredService<AuditTrail>().AppendAsync(Actor.Anonymous, "account.rate-limited",
                "address:" + address, "too many sign-in attempts on " + http.Request.Path, AuditOutcome.Refused, cancellationToken);
        }
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync("Too many sign-in attempts from this address. Wait a minute and try again.", cancellationToken);
    }

    /// <summary>When each address was last audited, so a flood writes one audit record a minute, not one per request.</summary>
    private sealed class RefusalLog
    {
        private readonly ConcurrentDictionary<string, DateTimeOffset> _last = new();

        public bool FirstInWindow(string address, DateTimeOffset now)
        {
            if (_last.Count > 10_000)
            {
                foreach (var old in _last.Where(e => now - e.Value >= TimeSpan.FromMinutes(1)).ToList())
                {
                    _last.TryRemove(old);
                }
            }
            var last = _last.GetValueOrDefault(address);
            if (now - last < TimeSpan.FromMinutes(1))
            {
                return false;
            }
            return last == default ? _last.TryAdd(address, now) : _last.TryUpdate(address, now, last);
        }
    }
}
