using Haven.Server.Extensions;
using Haven.Planning.Population;
using Haven.Storage;
using Haven.Storage.Scenarios;
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

    public static async Task<Results<Ok<ScenarioSummary>, ProblemHttpResult>> GetScenario(IHavenStore store, TimeProvider time, CancellationToken ct)
    {
        var contents = await store.GetContentsAsync(ct);
        if (contents.IsEmpty)
        {
            return Problems.Result("scenario.none", StatusCodes.Status404NotFound, "The store holds no data yet.");
        }

        // A store of imported real layers has no scenario row: it is described by what it holds, never as empty.
        var info = await store.GetScenarioAsync(ct);
        var span = DatedSpan.Of(await store.GetOrdersAsync(ct), await store.GetZonesAsync(ct), await store.GetPopulationAsync(ct), info?.EventDate);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var (first, last) = span ?? (today, today);
        return TypedResults.Ok(info is null
            ? new ScenarioSummary("Imported layers", false, contents.Describe(), "imported layers (see each record's source)", null, first, last)
            : new ScenarioSummary(info.Name, info.Synthetic, info.Description, info.Source, info.EventDate, first, last));
    }

    public static async Task<Ok<IReadOnlyList<PopulationRecord>>> GetPopulation(IHavenStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.GetPopulationAsync(ct));
}

/// <summary>The loaded scenario (or, for imported layers, what the store holds) and the span of its dated records, for the map's date control.</summary>
public sealed record ScenarioSummary(string Name, bool Synthetic, string Description, string Source,
    DateOnly? EventDate, DateOnly FirstDate, DateOnly LastDate);
