using System.CommandLine;
using System.Globalization;
using System.Text;
using Haven.Geo.Coverage;
using Haven.Geo.Crs;
using Haven.Geo.GeoJson;
using Haven.Geo.GeoTiff;
using Haven.Geo.IO;
using Haven.Geo.Tabular;
using Haven.Geo;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven zonal`: statistics of a raster band under each polygon, with exact cell coverage.</summary>
public static class ZonalCommand
{
    public static Command Create()
    {
        var raster = new Option<FileInfo>("--raster") { Description = "GeoTIFF to summarise.", Required = true };
        var polygons = new Option<FileInfo>("--polygons") { Description = "GeoJSON polygons (WGS 84, or the raster's CRS when it is WGS 84).", Required = true };
        var band = new Option<int>("--band") { Description = "Band, from 1.", DefaultValueFactory = _ => 1 };
        var stats = new Option<string>("--stats")
        {
            Description = "Comma-separated statistics: " + string.Join(", ", ZonalStats.Names) + ".",
            DefaultValueFactory = _ => "mean,sum,count,min,max",
        };
        var idField = new Option<string?>("--id-field") { Description = "Property that identifies a polygon (default: the feature id, then 'id', then its index)." };
        var output = new Option<FileInfo>("--out") { Description = "CSV to write: one row per polygon.", Required = true };
        var command = new Command("zonal", "Statistics of a raster band under each polygon, weighting partly covered cells exactly.")
        {
            raster, polygons, band, stats, idField, output,
        };
        command.SetAction(parse =>
        {
            string[] wanted = parse.GetValue(stats)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = wanted.Where(s => !ZonalStats.Names.Contains(s)).ToList();
            if (wanted.Length == 0 || unknown.Count > 0)
            {
                Console.Error.WriteLine($"--stats: unknown statistic(s) {string.Join(", ", unknown)}; expected some of {string.Join(", ", ZonalStats.Names)}.");
                return ExitCodes.BadInput;
            }

            var open = GeoTiffFile.Open(parse.GetValue(raster)!.FullName);
            if (!open.Succeeded)
            {
                Console.Error.WriteLine(open.Problem!.Message);
                return ExitCodes.BadInput;
            }

            using var file = open.Value;
            int bandNumber = parse.GetValue(band);
            if (bandNumber < 1 || bandNumber > file.Info.BandCount)
            {
                Console.Error.WriteLine($"--band {bandNumber}: {file.Info.Path} has {file.Info.BandCount} band(s).");
                return ExitCodes.BadInput;
            }

            var read = GeoJsonReader.Read(parse.GetValue(polygons)!.FullName, GeoJsonReadOptions.Polygons);
            if (!read.Succeeded || !read.Value.IsClean)
            {
                foreach (var line in read.Succeeded ? read.Value.Problems.Select(p => p.ToString()) : [read.Problem!.Message])
                {
                    Console.Error.WriteLine(line);
                }

                return ExitCodes.BadInput;
            }

            var project = Wgs84To.Crs(file.Info.Grid.Epsg, file.Info.Path);
            if (!project.Succeeded)
            {
                Console.Error.WriteLine(project.Problem!.Message);
                return ExitCodes.BadInput;
            }

            var shapes = read.Value.Features.Select(f => CoverageShape.From(project.Value(f.Feature.Geometry))).ToList();

            Outcome<IReadOnlyList<ZonalStats>> result = default;
            ProgressDisplay.RunAsync("Zonal statistics", progress =>
            {
                result = ZonalStatistics.Compute(new GeoTiffRasterSource(file), bandNumber, shapes, progress);
                return Task.CompletedTask;
            }).GetAwaiter().GetResult();
            if (!result.Succeeded)
            {
                Console.Error.WriteLine(result.Problem!.Message);
                return ExitCodes.BadInput;
            }

            string? field = parse.GetValue(idField);
            var csv = new StringBuilder("id," + string.Join(',', wanted) + "\n");
            for (int i = 0; i < read.Value.Features.Count; i++)
            {
                var (index, feature) = read.Value.Features[i];
                object? id = field is not null && feature.Attributes.Exists(field) ? feature.Attributes[field]
                    : feature.Attributes.Exists("id") ? feature.Attributes["id"] : index;
                csv.Append(CsvText.Quote(Convert.ToString(id, CultureInfo.InvariantCulture) ?? string.Empty));
                foreach (string s in wanted)
                {
                    double v = result.Value[i].Get(s);
                    csv.Append(',').Append(double.IsNaN(v) ? string.Empty : v.ToString("R", CultureInfo.InvariantCulture));
                }

                csv.Append('\n');
            }

            string path = parse.GetValue(output)!.FullName;
            AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(csv.ToString())));
            AnsiConsole.MarkupLine($"Wrote {read.Value.Features.Count:N0} rows to [bold]{Markup.Escape(path)}[/].");
            return ExitCodes.Success;
        });
        return command;
    }
}
