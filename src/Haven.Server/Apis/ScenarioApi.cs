using Haven.Server.Extensions;
using Haven.Planning.Population;
using Haven.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Haven.Server.Apis;

/// <summary>What data the server holds: the scenario's name, whether it is synthetic, and population by area.</summary>
public static class ScenarioApi
{
    public static IEndpointRouteBuilder MapScenarioApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Scenario").RequireRateLimiting(LimitExtensions.PublicPolicy);
        api.MapGet("/scenario", GetScenario).WithName("GetScenario").WithSummary("The loaded scenario; synthetic data is flagged.");
        api.MapGet("/population", GetPopulation).WithName("GetPopulation").WithSummary("Population per area and date.");
        return app;
    }

    public static async Task<Results<Ok<ScenarioSummary>, ProblemHttpResult>> GetScenario(IHavenStore store, CancellationToken ct)
    {
        var info = await store.GetScenarioAsync(ct);
        if (info is null)
        {
            return Problems.Result("scenario.none", StatusCodes.Status404NotFound, "The store holds no data yet.");
        }

        var orders = await store.GetOrdersAsync(ct);
        var population = await store.GetPopulationAsync(ct);
        var dates = orders.Select(o => o.EffectiveFrom).Concat(population.Select(p => p.Date)).Append(info.EventDate).Order().ToList();
        return TypedResults.Ok(new ScenarioSummary(info.Name, info.Synthetic, info.Description, info.Source,
            info.EventDate, dates.Count > 0 ? dates[0] : info.EventDate, dates.Count > 0 ? dates[^1] : info.EventDate));
    }

    public static async Task<Ok<IReadOnlyList<PopulationRecord>>> GetPopulation(IHavenStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.GetPopulationAsync(ct));
}

/// <summary>The loaded scenario and the span of its dated records, for the map's date control.</summary>
public sealed record ScenarioSummary(string Name, bool Synthetic, string Description, string Source,
    DateOnly EventDate, DateOnly FirstDate, DateOnly LastDate);
