using Haven.Workflows.Access;
using Haven.Workflows.Assessments;
using System.CommandLine;
using System.Globalization;
using Haven.Geo;
using Haven.Storage;
using Haven.Storage.Assessments;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven assess`: building damage from a radar image stack with PWTT, per building and per area, over time.</summary>
public static class AssessCommand
{
    public static Command Create(TimeProvider time)
    {
        var stack = new Option<FileInfo>("--stack") { Description = "Image stack: a folder of Sentinel-1 products as downloaded (aligned onto one grid), or a manifest of co-registered GeoTIFFs (CSV: path,date,orbit,polarisation[,scale]).", Required = true };
        var cache = new Option<DirectoryInfo?>("--cache") { Description = "Where aligned stacks are kept for reuse (default ~/.cache/haven/aligned)." };
        var eventDate = new Option<string>("--event") { Description = "Event date (YYYY-MM-DD): the pre window ends the day before.", Required = true };
        var inference = new Option<string>("--inference") { Description = "Inference date(s), comma-separated (YYYY-MM-DD): each starts a post window.", Required = true };
        var buildings = new Option<FileInfo>("--buildings") { Description = "Building footprints: GeoJSON (in the CRS it declares), GeoPackage, Shapefile (.shp, folder or .zip) or CSV with WKT; a layer as FILE|layername=NAME. Each has an id (kept as given: text or number).", Required = true };
        var areas = new Option<FileInfo>("--areas") { Description = "Areas to aggregate over (polygons in any format --buildings takes, with a code such as 'pcode' and a name).", Required = true };
        var format = new Option<string>("--format") { Description = "Format of the buildings and areas layers in --out: geojson (buildings.geojson, areas.csv), gpkg (buildings.gpkg, areas.gpkg) or csv (buildings.csv with WKT, areas.csv).", DefaultValueFactory = _ => "geojson" };
        format.AcceptOnlyFromAmong("geojson", "gpkg", "csv");
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the buildings and areas layers (see --format), t.tif, summary.json and report.html.", Required = true };
        var method = new Option<string>("--method") { Description = "pwtt (intensity stack) or ccd (complex SLC stack).", DefaultValueFactory = _ => "pwtt" };
        method.AcceptOnlyFromAmong("pwtt", "ccd");
        var labels = new Option<FileInfo?>("--labels") { Description = "Reference labels (UNOSAT points or polygons; classes 1-3 damaged) for validation and corrected intervals." };
        var idField = new Option<string?>("--id-field") { Description = "Property holding each building's id (default: the feature's own id, else its 'id' property). Ids are kept exactly as given." };
        var labelExtent = new Option<FileInfo?>("--label-extent") { Description = "Polygons the labels speak for (default: the areas holding at least one label). Outside them buildings are unlabelled, not intact." };
        var labelField = new Option<string?>("--label-field") { Description = "Property holding the damage class (default: Main_Damage_Site_Class, damage_class, class, or the latest cls_YYYYMMDD)." };
        var tileSize = new Option<int?>("--tile-size") { Description = "PWTT in tiles of this many cells a side, each read with the halo its filters reach (Lee window, median, widest circular mean), so that the result equals one run over the whole grid." };
        var distribute = new Option<bool>("--distribute") { Description = "With --tile-size and --db naming PostgreSQL: hand the tiles to haven worker processes (any number, on any machine sharing the database and the images) and wait for them." };
        var threshold = new Option<double?>("--threshold") { Description = "Damage threshold on the building score (default 3.3 for PWTT)." };
        var pwtt = new PwttCommandOptions();
        var alignment = new AlignmentCommandOptions();
        var command = new Command("assess", "Assess building damage from a radar image stack; write per-building and per-area results, a T map, a summary and a report.")
        {
            stack, eventDate, inference, buildings, idField, areas, output, format, method, labels, labelExtent, labelField, threshold, tileSize, distribute, cache,
        };
        foreach (var option in pwtt.All.Concat(alignment.All))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            if (!CommandLineInput.TryDate(parse.GetValue(eventDate)!, "--event", out var ev))
            {
                return ExitCodes.BadInput;
            }

            var dates = new List<DateOnly>();
            foreach (string text in parse.GetValue(inference)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!CommandLineInput.TryDate(text, "--inference", out var d))
                {
                    return ExitCodes.BadInput;
                }

                dates.Add(d);
            }

            if (!pwtt.TryRead(parse, out var pwttOptions))
            {
                return ExitCodes.BadInput;
            }

            var request = new AssessmentRequest(parse.GetValue(stack)!.FullName, ev, dates, parse.GetValue(method)!,
                parse.GetValue(buildings)!.FullName, parse.GetValue(areas)!.FullName, parse.GetValue(labels)?.FullName,
                parse.GetValue(labelField), parse.GetValue(threshold), Pwtt: pwttOptions,
                Alignment: alignment.Read(parse), Aoi: parse.GetValue(alignment.Aoi)?.FullName, AlignmentCache: parse.GetValue(cache)?.FullName,
                LabelExtent: parse.GetValue(labelExtent)?.FullName, IdField: parse.GetValue(idField)) { TileSize = parse.GetValue(tileSize) };
            if (parse.GetValue(distribute))
            {
                var runner = Haven.Workflows.Distributed.DistributedTiles.RunnerFor(parse.GetValue(GlobalOptions.Database) ?? GlobalOptions.DefaultDatabase, request.TileSize);
                if (!runner.Succeeded)
                {
                    Console.Error.WriteLine($"--distribute: {runner.Problem!.Message} Give --tile-size N and --db naming PostgreSQL.");
                    return ExitCodes.BadInput;
                }

                request = request with { TileRunner = runner.Value };
            }
            // The store is opened (and its schema brought up to date) while the run starts, on the core the start
            // leaves idle. A store this command created is removed again when the run fails, so that bad input leaves
            // nothing behind.
            string database = parse.GetValue(GlobalOptions.Database) ?? GlobalOptions.DefaultDatabase;
            bool created = !Stores.Exists(database);
            var opening = Task.Run(() => GlobalOptions.OpenStoreAsync(parse, time, ct), ct);
            Outcome<AssessmentRun> result = default;
            await ProgressDisplay.RunAsync(request.Method.ToUpperInvariant(), progress =>
            {
                result = Assessor.Run(request, null, time.GetUtcNow(), progress);
                return Task.CompletedTask;
            });
            if (!result.Succeeded)
            {
                await Abandon(opening, created ? database : null);
                return CommandLineInput.Fail(result.Problem!);
            }

            var run = result.Value;
            string outDir = parse.GetValue(output)!.FullName;
            // The output folder and the store need only the finished run: written at the same time.
            var layers = parse.GetValue(format) switch { "gpkg" => Haven.Geo.Vector.VectorFormat.GeoPackage, "csv" => Haven.Geo.Vector.VectorFormat.Csv, _ => Haven.Geo.Vector.VectorFormat.GeoJson };
            var written = Task.Run(() => AssessmentWriter.Write(run, outDir, layers), ct);
            var store = await opening;
            await Assessor.StoreAsync(store, time, Audited.CommandLineActor, run, ct);
            try
            {
                await written;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"Assessment {run.Id} is stored, but its folder {outDir} could not be written: {ex.Message}");
                return ExitCodes.Failure;
            }
            Print(run, outDir, request.Stack);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Waits for a store being opened for a run that failed, and deletes it when this command created it.</summary>
    private static async Task Abandon(Task<IHavenStore> opening, string? created)
    {
        try
        {
            if (await opening is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The run's own problem is the one to report; a store that could not be opened is not used.
        }

        if (created is not null)
        {
            Stores.DeleteCreated(created);
        }
    }

    private static void Print(AssessmentRun run, string outDir, string stackPath)
    {
        // "assessed": structures the map could call (the rest have no radar data over them); the share is of those.
        var table = new Table().AddColumns("area", "date", "structures", "assessed", "damaged (map)", "share", "95% interval");
        table.Columns[1].NoWrap();
        foreach (var a in run.Result.Areas)
        {
            static string P(double v) => double.IsFinite(v) ? v.ToString("P1", CultureInfo.InvariantCulture) : "unknown";
            table.AddRow(Markup.Escape($"{a.Name} ({a.Code})"), a.Inference.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                a.Structures.ToString("N0", CultureInfo.InvariantCulture), a.Scored.ToString("N0", CultureInfo.InvariantCulture),
                a.Damaged.ToString("N0", CultureInfo.InvariantCulture), P(a.Share),
                double.IsFinite(a.Lower) && double.IsFinite(a.Upper) ? $"{P(a.Lower)} - {P(a.Upper)}" : "unknown");
        }

        if (run.Alignment is { } stack)
        {
            StackCommand.Print(stack, stackPath);
        }

        AnsiConsole.Write(table);
        foreach (var (date, m) in run.Result.Validation)
        {
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                $"Validation {date:yyyy-MM-dd}: ROC AUC {m.RocAuc:F3}; F1 {m.AtThreshold.F1:F3} at {m.AtThreshold.Threshold:F2}, best F1 {m.BestF1.F1:F3} at {m.BestF1.Threshold:F2}"));
        }

        AnsiConsole.MarkupLine($"Assessment [bold]{Markup.Escape(run.Id)}[/] written to [bold]{Markup.Escape(outDir)}[/] and stored.");
    }
}
