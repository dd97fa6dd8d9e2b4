using System.Globalization;
using System.Threading.RateLimiting;
using Haven.Server.Apis;
using Microsoft.AspNetCore.RateLimiting;

namespace Haven.Server.Extensions;

/// <summary>
/// The rate limit on public endpoints (a token bucket per client address; 429 with Retry-After and
/// ProblemDetails) and a timeout on every request.
/// </summary>
public static class LimitExtensions
{
    public const string PublicPolicy = "public";

    public static IServiceCollection AddHavenLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(HavenOptions.Section).Get<HavenOptions>() ?? new HavenOptions();
        int rate = options.PublicRequestsPerSecond;
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(PublicPolicy, context => rate <= 0
                ? RateLimitPartition.GetNoLimiter("all")
                : RateLimitPartition.GetTokenBucketLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = rate * 2,
                    TokensPerPeriod = rate,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            o.OnRejected = async (context, ct) =>
            {
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                int seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await response.WriteAsJsonAsync(Problems.Create("rate.limited", StatusCodes.Status429TooManyRequests,
                    $"More than {rate} requests a second from this address; try again in {seconds} s."), (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", ct);
            };
        });
        services.AddRequestTimeouts(o => o.DefaultPolicy = new Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutPolicy
        {
            Timeout = TimeSpan.FromSeconds(Math.Max(1, options.RequestTimeoutSeconds)),
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        });
        return services;
    }
}
