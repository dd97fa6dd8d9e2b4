using Haven.Workflows.Access;
using Haven.Workflows.Importers;
using Haven.Workflows.Layers;
using System.CommandLine;
using System.Globalization;
using Haven.Geo;
using Haven.Storage;
using Haven.Storage.Importers;
using Haven.Storage.Scenarios;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>
/// `haven import DIR` loads a scenario folder, or every reference layer a folder holds (recognised by schema);
/// `haven import KIND FILE` loads one file as the named kind. Bad rows are reported (file, feature, reason)
/// and skipped, or, with --strict, the whole import is refused. Everything lands in one transaction.
/// </summary>
public static class ImportCommand
{
    public static Command Create(TimeProvider time)
    {
        var first = new Argument<string>("DIR|KIND") { Description = "A folder (scenario, reference layers or Haven exports), or a kind: governorates, municipalities, blocks, orders, health (sites), places, zone, areas, buildings; or a planning table (CSV with HXL tags): population, movements, services, trucks, crossings, access." };
        var file = new Argument<FileInfo?>("FILE") { Description = "With a KIND: the file to import (GeoJSON, GeoPackage, Shapefile .shp/folder/.zip; a layer as FILE|layername=NAME).", Arity = ArgumentArity.ZeroOrOne };
        var strict = new Option<bool>("--strict") { Description = "Refuse the whole import if any row is bad (default: report and skip bad rows)." };
        var replace = new Option<bool>("--replace") { Description = "A scenario folder into a store that holds other data: delete every layer it holds and load the scenario instead (recorded in the audit log)." };
        var zoneId = new Option<string?>("--zone-id") { Description = "zone: the zone's id (default: the feature's id or the file name)." };
        var zoneKind = new Option<string>("--zone-kind") { Description = "zone: its kind.", DefaultValueFactory = _ => "humanitarian" };
        var nameEn = new Option<string?>("--name-en") { Description = "zone: its name in English." };
        var nameAr = new Option<string?>("--name-ar") { Description = "zone: its name in Arabic." };
        var asOf = new Option<string?>("--as-of") { Description = "zone: the date it applies from; health: the date the list describes; population: the date of figures that carry no #date (YYYY-MM-DD)." };
        var edition = new Option<string?>("--edition") { Description = "blocks, orders: the edition of the block map they belong to when it is not the main one (e.g. 2025); orders name blocks of their edition." };
        var command = new Command("import", "Import layers into the store; everything lands or nothing does.") { first, file, strict, replace, zoneId, zoneKind, nameEn, nameAr, asOf, edition };
        command.SetAction(async (parse, ct) =>
        {
            string target = parse.GetValue(first)!;
            var path = parse.GetValue(file);
            DateOnly? date = null;
            if (parse.GetValue(asOf) is { } text)
            {
                if (!CommandLineInput.TryDate(text, "--as-of", out var d))
                {
                    return ExitCodes.BadInput;
                }

                date = d;
            }

            var options = new ImportOptions
            {
                ZoneId = parse.GetValue(zoneId), ZoneKind = parse.GetValue(zoneKind)!, NameEn = parse.GetValue(nameEn), NameAr = parse.GetValue(nameAr), AsOf = date,
                Edition = parse.GetValue(edition) ?? Haven.Protection.Areas.Block.MainEdition,
            };
            // Layers are read against what the store holds (its extent, blocks and areas), read once.
            IHavenStore? layerStore = null;
            StoredReferences? stored = null;
            if (path is null || !PlanningImport.IsKind(target))
            {
                layerStore = await GlobalOptions.OpenStoreAsync(parse, time, ct);
                stored = await StoredReferences.LoadAsync(layerStore, ct);
                options = options with { ExpectedExtent = stored.Extent };
            }

            if (path is null)
            {
                if (!Directory.Exists(target))
                {
                    Console.Error.WriteLine($"{target}: no such folder; give a folder, or a kind and a file (haven import KIND FILE).");
                    return ExitCodes.BadInput;
                }

                return ScenarioReader.IsScenarioFolder(target)
                    ? await ImportScenarioAsync(parse, time, Path.GetFullPath(target), parse.GetValue(replace), ct)
                    : await ImportLayersAsync(layerStore!, time, stored!, ReferenceImporter.ReadFolder(Path.GetFullPath(target), options), parse.GetValue(strict), ct);
            }

            if (PlanningImport.IsKind(target))
            {
                if (!path.Exists)
                {
                    Console.Error.WriteLine($"{path.FullName}: file not found.");
                    return ExitCodes.BadInput;
                }

                var csv = Haven.Geo.Text.TextFiles.ReadUtf8(path.FullName);
                if (!csv.Succeeded)
                {
                    Console.Error.WriteLine(csv.Problem!.Message);
                    return ExitCodes.BadInput;
                }

                var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
                var imported = await PlanningImport.ImportAsync(store, time, Audited.CommandLineActor, target,
                    csv.Value, path.FullName, date, ct);
                if (!imported.Succeeded)
                {
                    Console.Error.WriteLine(imported.Problem!.Message);
                    return ExitCodes.BadInput;
                }

                AnsiConsole.MarkupLine($"Imported {Markup.Escape(imported.Value)} from [bold]{Markup.Escape(path.Name)}[/].");
                return ExitCodes.Success;
            }

            if (!ReferenceImporter.TryParseKind(target, out var kind))
            {
                Console.Error.WriteLine($"{target}: not a kind Haven imports (expected governorates, municipalities, blocks, orders, health, places, zone, areas or buildings, or a planning table: population, movements, services, trucks, crossings, access).");
                return ExitCodes.BadInput;
            }

            var batch = ReferenceImporter.Read(path.FullName, kind, options);
            if (!batch.Succeeded)
            {
                Console.Error.WriteLine(batch.Problem!.Message);
                return ExitCodes.BadInput;
            }

            return await ImportLayersAsync(layerStore!, time, stored!, ([batch.Value], []), parse.GetValue(strict), ct);
        });
        return command;
    }

    private static async Task<int> ImportLayersAsync(IHavenStore store, TimeProvider time, StoredReferences stored, (List<LayerBatch> Batches, List<string> Skipped) read, bool strict, CancellationToken ct)
    {
        var (batches, skipped) = read;
        LayerChecks.Apply(batches, stored);
        foreach (string s in skipped)
        {
            AnsiConsole.MarkupLine($"[grey]skipped: {Markup.Escape(s)}[/]");
        }

        var table = new Table().AddColumns("file", "kind", "features", "records", "rows left out");
        foreach (var b in batches)
        {
            table.AddRow(Markup.Escape(Path.GetFileName(b.File)), b.Kind.ToString().ToLowerInvariant(), b.FeatureCount.ToString(CultureInfo.InvariantCulture),
                b.RecordCount.ToString(CultureInfo.InvariantCulture), b.Problems.Count.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        foreach (var b in batches.Where(b => b.Quirks.Count > 0))
        {
            AnsiConsole.MarkupLine($"{Markup.Escape(Path.GetFileName(b.File))}: handled {Markup.Escape(string.Join("; ", b.Quirks.Select(q => $"{q.Key} ({q.Value})")))}");
        }

        var problems = batches.SelectMany(b => b.Problems).ToList();
        foreach (var p in problems)
        {
            Console.Error.WriteLine(p.ToString());
        }

        if (batches.Count == 0)
        {
            Console.Error.WriteLine("Nothing to import: no file holds a layer Haven recognises.");
            return ExitCodes.BadInput;
        }

        if (strict && problems.Count > 0)
        {
            Console.Error.WriteLine($"--strict: {problems.Count} bad row(s); nothing was imported.");
            return ExitCodes.BadInput;
        }

        if (batches.Sum(b => b.RecordCount) == 0)
        {
            Console.Error.WriteLine($"Nothing imported: {(problems.Count > 0 ? $"every row was refused ({problems.Count})" : "the files hold no records")}.");
            return ExitCodes.BadInput;
        }

        UpsertCounts counts = new(0, 0, 0);
        await ProgressDisplay.RunAsync("Import", async progress => counts = (await Audited.LayersAsync(store, time, Audited.CommandLineActor,
            "import layers", string.Join(", ", batches.Select(b => Path.GetFileName(b.File))),
            () => store.UpsertLayersAsync(batches, progress, ct), c => $"{c.Added} added, {c.Changed} changed, {c.Unchanged} unchanged", ct)).Result);
        AnsiConsole.MarkupLine($"Imported {batches.Count} file(s): {counts.Added} added, {counts.Changed} changed, {counts.Unchanged} unchanged; {problems.Count} row(s) left out.");
        return ExitCodes.Success;
    }

    private static async Task<int> ImportScenarioAsync(ParseResult parse, TimeProvider time, string dir, bool replace, CancellationToken ct)
    {
        var scenario = ScenarioReader.Read(dir);
        if (!scenario.Succeeded)
        {
            Console.Error.WriteLine(scenario.Problem!.Message);
            return ExitCodes.BadInput;
        }

        var store = await GlobalOptions.OpenStoreAsync(parse, time, ct);
        var s = scenario.Value;
        Outcome<ScenarioLoad> load = ScenarioLoad.AlreadyLoaded;
        await ProgressDisplay.RunAsync("Import", async progress => load = (await Audited.LayersAsync(store, time, Audited.CommandLineActor,
            replace ? "replace with scenario" : "import scenario", s.Info.Name, () => store.ImportScenarioAsync(s, replace, progress, ct),
            l => !l.Succeeded || l.Value == ScenarioLoad.AlreadyLoaded ? null
                : $"{s.Areas.Count} areas, {s.Blocks.Count} blocks, {s.Buildings.Count} buildings{(l.Value == ScenarioLoad.Replaced ? " replaced every layer" : " loaded into an empty store")}", ct)).Result);
        if (!load.Succeeded)
        {
            Console.Error.WriteLine(load.Problem!.Message);
            return ExitCodes.BadInput;
        }

        if (load.Value == ScenarioLoad.AlreadyLoaded)
        {
            AnsiConsole.MarkupLine($"The store already holds [bold]{Markup.Escape(s.Info.Name)}[/]; nothing was changed.");
            return ExitCodes.Success;
        }

        AnsiConsole.MarkupLine($"Imported [bold]{Markup.Escape(s.Info.Name)}[/]{(s.Info.Synthetic ? " (synthetic)" : string.Empty)}: " +
            $"{s.Areas.Count} areas, {s.Blocks.Count} blocks, {s.Buildings.Count} buildings, {s.Sites.Count} sites, " +
            $"{s.Zones.Count} zones, {s.Orders.Count} orders, {s.Population.Count} population records.");
        return ExitCodes.Success;
    }
}
