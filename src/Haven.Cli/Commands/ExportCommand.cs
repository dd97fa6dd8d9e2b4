using Haven.Workflows.Layers;
using System.CommandLine;
using System.Globalization;
using Haven.Geo.GeoJson;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven export LAYER --out FILE [--as-of DATE]`: writes one layer of the store as GeoJSON.</summary>
public static class ExportCommand
{
    public static Command Create(TimeProvider time)
    {
        var layer = new Argument<string>("LAYER") { Description = "One of: " + string.Join(", ", LayerCatalog.Names) + "." };
        layer.AcceptOnlyFromAmong([.. LayerCatalog.Names]);
        var output = new Option<FileInfo>("--out") { Description = "GeoJSON file to write (RFC 7946, WGS 84).", Required = true };
        var asOf = new Option<string?>("--as-of") { Description = "Date (YYYY-MM-DD) for zones and orders; default today." };
        var command = new Command("export", "Export a layer of the store as GeoJSON.") { layer, output, asOf };
        command.SetAction(async (parse, ct) =>
        {
            var date = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            string? text = parse.GetValue(asOf);
            if (text is not null && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            {
                Console.Error.WriteLine($"--as-of: '{text}' is not a date; expected YYYY-MM-DD.");
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
            string path = parse.GetValue(output)!.FullName;
            GeoJsonFiles.Write(path, features!);
            AnsiConsole.MarkupLine($"Wrote {features!.Count} {Markup.Escape(name)} features to [bold]{Markup.Escape(path)}[/]" +
                (LayerCatalog.IsDated(name) ? $" (as of {date:yyyy-MM-dd})." : "."));
            return ExitCodes.Success;
        });
        return command;
    }
}
