using Haven.Workflows.Layers;
using Haven.Server.Extensions;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NetTopologySuite.Geometries;

namespace Haven.Server.Apis;

/// <summary>The map layers as GeoJSON: areas, blocks, buildings, sites, and zones and orders as of a date.</summary>
public static class LayersApi
{
    public static IEndpointRouteBuilder MapLayersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/layers").WithTags("Layers").RequireRateLimiting(LimitExtensions.PublicPolicy);
        api.MapGet("/", ListLayers).WithName("ListLayers").WithSummary("The layers the map can draw, bottom to top.");
        api.MapGet("/{layer}", GetLayer).WithName("GetLayer")
            .WithSummary("One layer as GeoJSON; zones and orders as of a date (default today); buildings within an optional bbox.");
        app.MapGet("/api/coverage", Coverage).WithName("Coverage").WithTags("Layers").RequireRateLimiting(LimitExtensions.PublicPolicy)
            .WithSummary("What each layer covers: feature count, extent (west, south, east, north) and, for dated layers, the first and last date.");
        app.MapGet("/api/damage-site-layers", DamageSiteLayers).WithName("DamageSiteLayers").WithTags("Layers").RequireRateLimiting(LimitExtensions.PublicPolicy)
            .WithSummary("The stored UNOSAT damage-site layers: id, source file and its SHA-256, when imported, sites and the dates they were read.");
        return app;
    }

    public static Ok<IReadOnlyList<LayerInfo>> ListLayers() =>
        TypedResults.Ok<IReadOnlyList<LayerInfo>>([.. LayerCatalog.Names.Select(n => new LayerInfo(n, $"/api/layers/{n}", LayerCatalog.IsDated(n)))]);

    public static async Task<Ok<IReadOnlyList<LayerCoverage>>> Coverage(Haven.Storage.IHavenStore store, CancellationToken ct) =>
        TypedResults.Ok(await StoreCoverage.ReadAsync(store, ct));

    public static async Task<Ok<IReadOnlyList<Haven.Damage.Unosat.DamageSiteLayerInfo>>> DamageSiteLayers(Haven.Storage.IHavenStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListDamageSiteLayersAsync(ct));

    public static async Task<Results<GeoJsonResult, ProblemHttpResult>> GetLayer(
        string layer, [FromQuery] string? asOf, [FromQuery] string? bbox, LayerCatalog catalog, TimeProvider time, CancellationToken ct)
    {
        if (!LayerCatalog.Exists(layer))
        {
            return Problems.Result("layer.unknown", StatusCodes.Status404NotFound,
                $"No layer '{layer}'. Layers: {string.Join(", ", LayerCatalog.Names)}.");
        }

        if (!Query.AsOf(asOf, time, out var date))
        {
            return Query.AsOfProblem(asOf);
        }

        Envelope? within = null;
        if (bbox is not null)
        {
            if (Query.Bbox(bbox) is not { } envelope)
            {
                return Query.BboxProblem(bbox);
            }

            within = envelope;
        }

        var features = await catalog.GetAsync(layer, date, within, ct);
        return new GeoJsonResult(features!);
    }
}

public sealed record LayerInfo(string Name, string Url, bool Dated);
