using Haven.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Haven.Server.Apis;

/// <summary>Liveness: the server answers and its store is readable.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", GetHealth).WithName("GetHealth").WithSummary("200 when the server and its store answer.");
        return app;
    }

    public static async Task<Results<Ok<HealthStatus>, ProblemHttpResult>> GetHealth(IHavenStore store, CancellationToken ct)
    {
        var scenario = await store.GetScenarioAsync(ct);
        return TypedResults.Ok(new HealthStatus("ok", scenario?.Name, scenario?.Synthetic ?? false));
    }
}

public sealed record HealthStatus(string Status, string? Scenario, bool Synthetic);
