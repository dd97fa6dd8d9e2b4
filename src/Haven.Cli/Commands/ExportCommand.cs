using Haven.Workflows.Layers;
using System.CommandLine;
using System.Globalization;
using Haven.Geo.GeoJson;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven export LAYER --out FILE [--as-of DATE]`: writes one layer of the store as GeoJSON, GeoPackage or CSV, by the file's extension.</summary>
public static class ExportCommand
{
    public static Command Create(TimeProvider time)
    {
        var layer = new Argument<string>("LAYER") { Description = "One of: " + string.Join(", ", LayerCatalog.Names) + "." };
        layer.AcceptOnlyFromAmong([.. LayerCatalog.Names]);
        var output = new Option<FileInfo>("--out") { Description = "File to write, in WGS 84: .geojson (RFC 7946), .gpkg (GeoPackage) or .csv (geometry as WKT).", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Date (YYYY-MM-DD) for zones and orders; default today." };
        var command = new Command("export", "Export a layer of the store as GeoJSON, GeoPackage or CSV.") { layer, output, asOf };
        command.SetAction(async (parse, ct) =>
        {
            var date = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            string? text = parse.GetValue(asOf);
            if (text is not null && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                Console.Error.WriteLine($"--as-of: '{text}' is not a date; expected YYYY-MM-DD.");
                return ExitCodes.BadInput;
            }

            string path = parse.GetValue(output)!.FullName;
            if (Haven.Geo.Vector.FeatureTable.CheckExtension(path) is string badOutput)
            {
                Console.Error.WriteLine($"--out {badOutput}");
                return ExitCodes.BadInput;
            }

            var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
            if ((await store.GetContentsAsync(ct)).IsEmpty)
            {
                Console.Error.WriteLine("The store is empty: import data first (haven import DIR).");
                return ExitCodes.Failure;
            }

            string name = parse.GetValue(layer)!;
            var features = await new LayerCatalog(store).GetAsync(name, date, cancellationToken: ct);
            if (Path.GetExtension(path).Equals(".gpkg", StringComparison.OrdinalIgnoreCase) || Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase))
            {
                Haven.Geo.Vector.FeatureTable.From(name, [.. features!]).Write(path);
            }
            else
            {
                GeoJsonFiles.Write(path, features!);
            }

            AnsiConsole.MarkupLine($"Wrote {features!.Count} {Markup.Escape(name)} features to [bold]{Markup.Escape(path)}[/]" +
                (LayerCatalog.IsDated(name) ? $" (as of {date:yyyy-MM-dd})." : "."));
            return ExitCodes.Success;
        });
        return command;
    }
}
