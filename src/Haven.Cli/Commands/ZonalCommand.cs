using System.CommandLine;
using System.Globalization;
using Haven.Geo;
using Haven.Geo.Coverage;
using Haven.Geo.Vector;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven zonal`: statistics of raster bands under each polygon, with exact cell coverage, by exactextract's names.</summary>
public static class ZonalCommand
{
    public static Command Create()
    {
        var raster = new Option<FileInfo[]>("--raster", "-r") { Description = "GeoTIFF to summarise; repeat for several rasters.", Required = true, AllowMultipleArgumentsPerToken = false };
        var polygons = new Option<string>("--polygons", "-p") { Description = "Polygons: GeoJSON (any CRS it declares), GeoPackage, Shapefile (.shp, folder or .zip) or CSV with WKT; a layer as FILE|layername=NAME or --layer.", Required = true };
        var layer = new Option<string?>("--layer") { Description = "The polygons' layer, in a GeoPackage or a folder or zip of Shapefiles." };
        var band = new Option<string>("--band") { Description = "Band(s), from 1, comma-separated.", DefaultValueFactory = _ => "1" };
        var stats = new Option<string>("--stats", "-s")
        {
            Description = "Comma-separated statistics, as exactextract names them: " + string.Join(", ", ZonalStatistic.Names)
                + "; quantile as quantile(q=0.9). count is the sum of covered fractions and mean is coverage-weighted; touched_count and touched_mean count each touched cell whole.",
            DefaultValueFactory = _ => "count,sum,mean,min,max",
        };
        var weights = new Option<FileInfo?>("--weights") { Description = "Weights raster on the same grid, for weighted_mean and weighted_sum." };
        var weightsBand = new Option<int>("--weights-band") { Description = "Band of the weights raster.", DefaultValueFactory = _ => 1 };
        var idField = new Option<string?>("--id-field") { Description = "Attribute that identifies a polygon (default: the feature id, then 'id', then its index)." };
        var includeCols = new Option<string?>("--include-cols") { Description = "Comma-separated attributes of the polygons to copy to each row." };
        var includeGeom = new Option<bool>("--include-geom") { Description = "Write each polygon's geometry (WGS 84) with its row: a WKT column in CSV." };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write one row per polygon: .csv, .geojson or .gpkg.", Required = true };
        var command = new Command("zonal", "Statistics of raster bands under each polygon, weighting partly covered cells by the fraction covered, as exactextract does.")
        {
            raster, polygons, layer, band, stats, weights, weightsBand, idField, includeCols, includeGeom, output,
        };
        command.SetAction(parse =>
        {
            var wanted = ZonalStatistic.ParseList(parse.GetValue(stats)!);
            if (!wanted.Succeeded)
            {
                Console.Error.WriteLine($"--stats: {wanted.Problem!.Message}");
                return ExitCodes.BadInput;
            }

            var bands = new List<int>();
            foreach (string text in parse.GetValue(band)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int b) || b < 1)
                {
                    Console.Error.WriteLine($"--band '{text}': expected band numbers from 1, comma-separated.");
                    return ExitCodes.BadInput;
                }

                bands.Add(b);
            }

            string path = parse.GetValue(output)!.FullName;
            if (FeatureTable.CheckExtension(path) is string badOutput)
            {
                Console.Error.WriteLine($"--out {badOutput}");
                return ExitCodes.BadInput;
            }

            var request = new ZonalRequest(
                [.. parse.GetValue(raster)!.Select(f => f.FullName)], bands, parse.GetValue(polygons)!, wanted.Value, parse.GetValue(layer),
                parse.GetValue(weights)?.FullName, parse.GetValue(weightsBand), parse.GetValue(idField),
                parse.GetValue(includeCols)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), parse.GetValue(includeGeom));
            Outcome<FeatureTable> result = default;
            ProgressDisplay.RunAsync("Zonal statistics", progress =>
            {
                result = ZonalRun.Run(request, progress);
                return Task.CompletedTask;
            }).GetAwaiter().GetResult();
            if (!result.Succeeded)
            {
                Console.Error.WriteLine(result.Problem!.Message);
                return ExitCodes.BadInput;
            }

            result.Value.Write(path);
            AnsiConsole.MarkupLine($"Wrote {result.Value.Rows.Count:N0} rows to [bold]{Markup.Escape(path)}[/].");
            return ExitCodes.Success;
        });
        return command;
    }
}
