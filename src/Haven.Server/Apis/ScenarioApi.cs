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

        var (first, last) = DatedSpan(await store.GetOrdersAsync(ct), await store.GetPopulationAsync(ct), info.EventDate);
        return TypedResults.Ok(new ScenarioSummary(info.Name, info.Synthetic, info.Description, info.Source, info.EventDate, first, last));
    }

    /// <summary>The first and last dates of a scenario's dated records (orders, population counts and the event itself).</summary>
    public static (DateOnly First, DateOnly Last) DatedSpan(IEnumerable<Haven.Protection.Orders.EvacuationOrder> orders, IEnumerable<PopulationRecord> population, DateOnly eventDate)
    {
        var dates = orders.Select(o => o.EffectiveFrom).Concat(population.Select(p => p.Date)).Append(eventDate).ToList();
        return (dates.Min(), dates.Max());
    }

    public static async Task<Ok<IReadOnlyList<PopulationRecord>>> GetPopulation(IHavenStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.GetPopulationAsync(ct));
}

/// <summary>The loaded scenario and the span of its dated records, for the map's date control.</summary>
public sealed record ScenarioSummary(string Name, bool Synthetic, string Description, string Source,
    DateOnly EventDate, DateOnly FirstDate, DateOnly LastDate);
