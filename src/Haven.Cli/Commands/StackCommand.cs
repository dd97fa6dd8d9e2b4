using System.CommandLine;
using System.Globalization;
using Haven.Damage.Stacks;
using Haven.Geo;
using Haven.Workflows.Assessments;
using NetTopologySuite.Geometries;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven stack build`: a folder of Sentinel-1 products, as downloaded, made into an aligned stack with its manifest.</summary>
public static class StackCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "Folder of products: OPERA RTC-S1, HyP3 RTC, pyroSAR (GAMMA or SNAP), RTC COGs with STAC items, or GeoTIFFs a manifest in it lists." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder for the aligned images, stack.csv and alignment.json.", Required = true };
        var buildings = new Option<FileInfo?>("--buildings") { Description = "Building footprints (GeoJSON, WGS 84) whose extent is the area of interest, when --aoi is not given." };
        var alignment = new AlignmentCommandOptions();
        var build = new Command("build", "Recognise the products in a folder, align them onto one grid over the area of interest, and write the stack with its manifest.")
        {
            folder, output, buildings,
        };
        foreach (var option in alignment.All)
        {
            build.Options.Add(option);
        }

        build.SetAction(async (parse, ct) =>
        {
            var aoiFile = parse.GetValue(alignment.Aoi)?.FullName ?? parse.GetValue(buildings)?.FullName;
            if (aoiFile is null)
            {
                Console.Error.WriteLine("stack build: give the area of interest with --aoi FILE, or the buildings with --buildings FILE.");
                return ExitCodes.BadInput;
            }

            var aoi = ProductStacks.AreaOfInterest(aoiFile);
            if (!aoi.Succeeded)
            {
                return CommandLineInput.Fail(aoi.Problem!);
            }

            Outcome<(AlignedStack Stack, IReadOnlyList<Haven.Storage.Assessments.InputFile> Products)> built = default;
            string dir = parse.GetValue(folder)!.FullName;
            await ProgressDisplay.RunAsync("stack", progress =>
            {
                built = ProductStacks.Build(dir, aoi.Value, alignment.Read(parse), parse.GetValue(output)!.FullName, null, progress);
                return Task.CompletedTask;
            });
            if (!built.Succeeded)
            {
                return CommandLineInput.Fail(built.Problem!);
            }

            Print(built.Value.Stack, dir);
            return ExitCodes.Success;
        });
        return new Command("stack", "Image stacks from Sentinel-1 products.") { build };
    }

    /// <summary>The grid, each aligned date with its coverage, the files left out and why, and the notes.</summary>
    public static void Print(AlignedStack stack, string folder)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var g = stack.Grid;
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Grid: EPSG:{g.Epsg}, {g.Width} x {g.Height} cells of {g.Transform.PixelWidth} m, origin ({g.Transform.OriginX}, {g.Transform.OriginY}).")));
        // The last column only when some date was left out, so a table of kept dates has no empty column.
        bool dropped = stack.Images.Any(i => i.Dropped);
        bool masked = stack.Images.Any(i => i.Masked is not null);
        var table = new Table().AddColumns("date", "track", "pol.", "images", "coverage", "resampling");
        if (masked)
        {
            table.AddColumn("layover/shadow");
        }

        if (dropped)
        {
            table.AddColumn("kept");
        }

        foreach (var i in stack.Images)
        {
            string[] cells = [i.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), i.Track.ToString(CultureInfo.InvariantCulture), i.Polarisation.ToString(),
                i.Sources.Count.ToString(CultureInfo.InvariantCulture), (i.Coverage * 100).ToString("F1", CultureInfo.InvariantCulture) + "%",
                i.Resampling.ToString().ToLowerInvariant()];
            if (masked)
            {
                // The share of the images' cells with a value that their masks left out; "no mask" where none came with them.
                cells = [.. cells, i.Masked is double m ? (m * 100).ToString("F1", CultureInfo.InvariantCulture) + "% left out" : "no mask"];
            }

            table.AddRow(dropped ? [.. cells, i.Dropped ? "[yellow]no: under the floor[/]" : "yes"] : cells);
        }

        AnsiConsole.Write(table);
        foreach (var s in stack.Skipped)
        {
            AnsiConsole.MarkupLine($"[grey]skipped[/] {Markup.Escape(Path.GetRelativePath(folder, s.Path))}: {Markup.Escape(s.Reason)}");
        }

        foreach (var n in stack.Notes)
        {
            AnsiConsole.MarkupLine($"[yellow]note[/] {Markup.Escape(n)}");
        }

        AnsiConsole.MarkupLine($"Stack {(stack.FromCache ? "reused from" : "written to")} [bold]{Markup.Escape(stack.Folder)}[/] ({Markup.Escape(Path.GetFileName(stack.Manifest))}).");
    }
}
