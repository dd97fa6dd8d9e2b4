using Haven.Server.Caches;
using Haven.Server.Tiles;
using System.Globalization;
using Haven.Server.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.VectorTiles;
using NetTopologySuite.IO.VectorTiles.Mapbox;

namespace Haven.Server.Apis;

/// <summary>
/// Mapbox Vector Tiles of buildings (with their damage state as of a date) and blocks (with their evacuation
/// status as of a date), zoom 10 to 17, cut from memory.
/// </summary>
public static class TilesApi
{
    public const int MinZoom = 10;
    public const int MaxZoom = 17;
    public const string ContentType = "application/vnd.mapbox-vector-tile";

    public static IEndpointRouteBuilder MapTilesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/tiles/{layer}/{z:int}/{x:int}/{y}", Tile).WithName("Tile").WithTags("Tiles").RequireRateLimiting(LimitExtensions.PublicPolicy)
            .AlsoAnswers(ContentType, BodyShape.Binary)
            .WithSummary("A vector tile ({y}.mvt) of buildings (id, block, damage) or blocks (block, pcode, status, structures, damaged, damaged_share), as of asOf (default today), zoom 10–17.");
        return app;
    }

    public static async Task<Results<FileContentHttpResult, NoContent, ProblemHttpResult>> Tile(string layer, int z, int x, string y, [FromQuery] string? asOf,
        TileCache tiles, LookupCache lookups, TimeProvider time, HttpResponse response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(response);
        if (layer is not ("buildings" or "blocks" or "damage_sites"))
        {
            return Problems.Result("tiles.layer", StatusCodes.Status404NotFound, $"There are no tiles of '{layer}'; expected buildings, blocks or damage_sites.");
        }

        if (z is < MinZoom or > MaxZoom)
        {
            return Problems.Result("tiles.zoom", StatusCodes.Status404NotFound, $"Tiles are made for zoom {MinZoom} to {MaxZoom}, not {z}.");
        }

        int size = 1 << z;
        if (!y.EndsWith(".mvt", StringComparison.Ordinal) || !int.TryParse(y.AsSpan(0, y.Length - 4), NumberStyles.None, CultureInfo.InvariantCulture, out int row)
            || x < 0 || x >= size || row >= size)
        {
            return Problems.Result("tiles.range", StatusCodes.Status404NotFound, $"Tile {z}/{x}/{y} does not exist; x and y run from 0 to {size - 1}, as {{y}}.mvt.");
        }

        if (!Query.AsOf(asOf, time, out var date))
        {
            return Query.AsOfProblem(asOf);
        }

        var data = await tiles.GetAsync(ct);
        var registry = layer == "blocks" ? (await lookups.GetAsync(ct)).Registry : null;
        // Tiles are cut once per data refresh and per date that changes them, then served from memory.
        var epoch = layer switch { "buildings" => data.DamageEpoch(date), "damage_sites" => data.DamageSiteEpoch(date), _ => date };
        byte[] bytes = data.Encoded(layer, z, x, row, epoch, () => Cut(layer, new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, row, z), data, registry, date));
        response.Headers.CacheControl = "public, max-age=60";
        return bytes.Length == 0 ? TypedResults.NoContent() : TypedResults.File(bytes, ContentType);
    }

    /// <summary>Encodes one tile; empty when no feature meets it.</summary>
    private static byte[] Cut(string layer, NetTopologySuite.IO.VectorTiles.Tiles.Tile id, TileData data, Protection.Registry.ProtectionRegistry? registry, DateOnly date)
    {
        var box = new Envelope(id.Left, id.Right, id.Bottom, id.Top);
        var output = new Layer { Name = layer };
        if (layer == "damage_sites")
        {
            // Each site seen damaged by the date, with the class of its latest reading (UNOSAT).
            foreach (var (source, site) in data.DamageSites.Query(box))
            {
                if (site.On(date) is (DateOnly read, int cls) && box.Intersects(site.Location.Coordinate))
                {
                    output.Features.Add(new Feature(site.Location, new AttributesTable
                    {
                        { "layer", source }, { "class", cls }, { "damage", Haven.Damage.Unosat.DamageSites.ClassName(cls) }, { "read_on", read.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
                    }));
                }
            }
        }
        else if (registry is null)
        {
            foreach (var b in data.Buildings.Query(box))
            {
                output.Features.Add(new Feature(b.Footprint, new AttributesTable
                {
                    { "id", Haven.Damage.Buildings.BuildingIds.AsJsonValue(b.Id, asNumber: true) }, { "block", b.Block }, { "damage", data.DamageOf(b.Id, date) },
                }));
            }
        }
        else
        {
            var underOrder = registry.BlocksUnderOrderAsOf(date);
            var damage = data.BlockDamageAsOf(date);
            foreach (var b in data.Blocks.Query(box))
            {
                var counts = damage.GetValueOrDefault(b.Number);
                var attributes = new AttributesTable
                {
                    { "block", b.Number }, { "pcode", b.AreaPcode ?? "" }, { "status", underOrder.ContainsKey(b.Number) ? "evacuation" : "clear" },
                    { "structures", counts.Structures }, { "damaged", counts.Damaged },
                };
                if (counts.Share is double share)
                {
                    // Absent when no building of the block was assessed by the date: unknown, not zero.
                    attributes.Add("damaged_share", Math.Round(share, 4));
                }

                output.Features.Add(new Feature(b.Boundary, attributes));
            }
        }

        if (output.Features.Count == 0)
        {
            return [];
        }

        var tile = new VectorTile { TileId = id.Id };
        tile.Layers.Add(output);
        using var stream = new MemoryStream();
        tile.Write(stream, 1, 2, 4096);
        return stream.ToArray();
    }
}
