using System.CommandLine;
using System.Globalization;
using Haven.Geo.GeoJson;
using Haven.Geo.GeoTiff;
using Haven.Geo.Inspection;
using Haven.Geo.Tabular;
using Haven.Geo.Vector;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven inspect FILE...`: checks and summarises GeoTIFF, vector (GeoJSON, GeoPackage, Shapefile, CSV with geometry) and CSV files.</summary>
public static class InspectCommand
{
    private const int ProblemsShown = 20;

    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "GeoTIFF (.tif), GeoJSON, GeoPackage, Shapefile (.shp, folder or .zip; a layer as FILE|layername=NAME) or CSV files.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("inspect", "Check and summarise GeoTIFF, vector and CSV files; exits 2 when any file is invalid.") { files };
        command.SetAction(parse =>
        {
            bool allValid = true;
            foreach (var file in parse.GetValue(files)!)
            {
                AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(file.FullName)}[/]").LeftJustified());
                bool valid = Path.GetExtension(file.Name).ToLowerInvariant() switch
                {
                    ".tif" or ".tiff" => Raster(file.FullName),
                    _ => Vector(file.FullName),
                };
                allValid &= valid;
            }

            return allValid ? ExitCodes.Success : ExitCodes.BadInput;
        });
        return command;
    }

    private static bool Fail(string message)
    {
        AnsiConsole.MarkupLine($"[red]invalid[/]: {Markup.Escape(message)}");
        return false;
    }

    private static bool Raster(string path)
    {
        var open = GeoTiffFile.Open(path);
        if (!open.Succeeded)
        {
            return Fail(open.Problem!.Message);
        }

        using var file = open.Value;
        var info = file.Info;
        var t = info.Grid.Transform;
        var table = new Table().AddColumns("property", "value").HideHeaders();
        table.AddRow("size", $"{info.Width} x {info.Height} cells, {info.BandCount} band(s), {info.DataType}");
        table.AddRow("CRS", info.Grid.Epsg == 0 ? "[yellow]unknown (no EPSG GeoKey)[/]" : $"EPSG:{info.Grid.Epsg}");
        table.AddRow("transform", Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"origin ({t.OriginX}, {t.OriginY}), pixel {t.PixelWidth} x {t.PixelHeight}, rotation ({t.RowRotation}, {t.ColumnRotation})")));
        table.AddRow("nodata", info.NoData?.ToString("R", CultureInfo.InvariantCulture) ?? "none");
        table.AddRow("layout", $"{(info.Tiled ? $"tiles {info.BlockWidth} x {info.BlockHeight}" : $"strips of {info.BlockHeight} rows")}, " +
            $"{info.Compression}{(info.Predictor == GeoTiffPredictor.None ? string.Empty : $" with {info.Predictor} predictor")}, {info.OverviewCount} overview(s)");
        var summary = RasterSummary.Compute(file);
        if (!summary.Succeeded)
        {
            AnsiConsole.Write(table);
            return Fail(summary.Problem!.Message);
        }

        foreach (var b in summary.Value.Bands)
        {
            table.AddRow($"band {b.Band}", b.ValidCells == 0 ? "no valid cells" : string.Create(CultureInfo.InvariantCulture,
                $"min {b.Min:G6}, max {b.Max:G6}, mean {b.Mean:G6} over {b.ValidCells:N0} valid cells"));
        }

        AnsiConsole.Write(table);
        return true;
    }

    private static bool Vector(string path)
    {
        // GeoJSON, GeoPackage, Shapefile or CSV, recognised by content; a CSV without geometry is a table.
        var read = VectorReader.Read(path);
        if (!read.Succeeded)
        {
            return read.Problem!.Code == "csv.no_geometry" ? Table(path) : Fail(read.Problem!.Message);
        }

        var s = VectorSummary.From(read.Value);
        var table = new Table().AddColumns("property", "value").HideHeaders();
        table.AddRow("format", Markup.Escape($"{read.Value.Format}{(read.Value.Layer is { } layer ? $", layer {layer}" : string.Empty)}, CRS {read.Value.Crs}{(read.Value.Crs == "EPSG:4326" ? string.Empty : " (shown here in WGS 84)")}"));
        table.AddRow("features", $"{s.Features:N0} ({s.Features - s.Problems.Count:N0} valid)");
        table.AddRow("geometry types", s.GeometryTypes.Count == 0 ? "none" : string.Join(", ", s.GeometryTypes.Select(kv => $"{kv.Key} {kv.Value:N0}")));
        table.AddRow("bounding box", s.Extent.IsNull ? "empty" : Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"[{s.Extent.MinX:F6}, {s.Extent.MinY:F6}, {s.Extent.MaxX:F6}, {s.Extent.MaxY:F6}]")));
        table.AddRow("problems", s.Problems.Count == 0 ? "[green]none[/]" : $"[red]{s.Problems.Count:N0}[/]");
        AnsiConsole.Write(table);
        foreach (var p in s.Problems.Take(ProblemsShown))
        {
            AnsiConsole.MarkupLine($"  [red]-[/] {Markup.Escape(p.ToString())}");
        }

        if (s.Problems.Count > ProblemsShown)
        {
            AnsiConsole.MarkupLine($"  ... and {s.Problems.Count - ProblemsShown:N0} more");
        }

        return s.Problems.Count == 0;
    }

    private static bool Table(string path)
    {
        var read = CsvTable.Read(path);
        if (!read.Succeeded)
        {
            return Fail(read.Problem!.Message);
        }

        var csv = read.Value;
        var table = new Table().AddColumns("property", "value").HideHeaders();
        table.AddRow("columns", Markup.Escape(string.Join(", ", csv.Header)));
        table.AddRow("HXL tags", csv.HxlTags is null ? "none" : Markup.Escape(string.Join(", ", csv.HxlTags)));
        table.AddRow("rows", $"{csv.Rows.Count:N0}");
        table.AddRow("problems", csv.Problems.Count == 0 ? "[green]none[/]" : $"[red]{csv.Problems.Count:N0}[/]");
        AnsiConsole.Write(table);
        foreach (var p in csv.Problems.Take(ProblemsShown))
        {
            AnsiConsole.MarkupLine($"  [red]-[/] {Markup.Escape(p.Message)}");
        }

        return csv.Problems.Count == 0;
    }
}
