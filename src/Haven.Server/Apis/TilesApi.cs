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
            .WithSummary("A vector tile ({y}.mvt) of buildings (id, block, damage) or blocks (block, pcode, status), as of asOf (default today), zoom 10–17.");
        return app;
    }

    public static async Task<Results<FileContentHttpResult, NoContent, ProblemHttpResult>> Tile(string layer, int z, int x, string y, [FromQuery] string? asOf,
        TileCache tiles, LookupCache lookups, TimeProvider time, HttpResponse response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(response);
        if (layer is not ("buildings" or "blocks"))
        {
            return Problems.Result("tiles.layer", StatusCodes.Status404NotFound, $"There are no tiles of '{layer}'; expected buildings or blocks.");
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

        var date = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (asOf is not null && !DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return Problems.Result("query.as_of", StatusCodes.Status400BadRequest, $"asOf '{asOf}' is not a date; expected YYYY-MM-DD.");
        }

        var id = new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, row, z);
        var box = new Envelope(id.Left, id.Right, id.Bottom, id.Top);
        var output = new Layer { Name = layer };
        if (layer == "buildings")
        {
            var data = await tiles.GetAsync(ct);
            foreach (var b in data.Buildings.Query(box))
            {
                output.Features.Add(new Feature(b.Footprint, new AttributesTable
                {
                    { "id", b.Id }, { "block", b.Block }, { "damage", data.DamageOf(b.Id, date) },
                }));
            }
        }
        else
        {
            var data = await tiles.GetAsync(ct);
            var underOrder = (await lookups.GetAsync(ct)).Registry.BlocksUnderOrderAsOf(date);
            foreach (var b in data.Blocks.Query(box))
            {
                output.Features.Add(new Feature(b.Boundary, new AttributesTable
                {
                    { "block", b.Number }, { "pcode", b.AreaPcode ?? "" }, { "status", underOrder.ContainsKey(b.Number) ? "evacuation" : "clear" },
                }));
            }
        }

        response.Headers.CacheControl = "public, max-age=60";
        if (output.Features.Count == 0)
        {
            return TypedResults.NoContent();
        }

        var tile = new VectorTile { TileId = id.Id };
        tile.Layers.Add(output);
        using var stream = new MemoryStream();
        tile.Write(stream, 1, 2, 4096);
        return TypedResults.File(stream.ToArray(), ContentType);
    }
}
