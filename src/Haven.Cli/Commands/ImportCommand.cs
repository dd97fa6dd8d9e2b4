using System.CommandLine;
using Haven.Storage.Scenarios;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven import DIR`: loads a scenario folder into the store in one transaction.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("DIR") { Description = "A scenario folder (as `haven simulate` writes)." };
        var command = new Command("import", "Import a folder of layers into the store; everything lands or nothing does.") { folder };
        command.SetAction(async (parse, ct) =>
        {
            string dir = parse.GetValue(folder)!.FullName;
            if (!ScenarioReader.IsScenarioFolder(dir))
            {
                Console.Error.WriteLine($"{dir}: not a scenario folder (expected {ScenarioFiles.Manifest}).");
                return ExitCodes.BadInput;
            }

            var scenario = ScenarioReader.Read(dir);
            if (!scenario.Succeeded)
            {
                Console.Error.WriteLine(scenario.Problem!.Message);
                return ExitCodes.BadInput;
            }

            var store = await GlobalOptions.OpenStoreAsync(parse, ct);
            await ProgressDisplay.RunAsync("Import", progress => store.ImportScenarioAsync(scenario.Value, progress, ct));
            var s = scenario.Value;
            AnsiConsole.MarkupLine($"Imported [bold]{Markup.Escape(s.Info.Name)}[/]{(s.Info.Synthetic ? " (synthetic)" : string.Empty)}: " +
                $"{s.Areas.Count} areas, {s.Blocks.Count} blocks, {s.Buildings.Count} buildings, {s.Sites.Count} sites, " +
                $"{s.Zones.Count} zones, {s.Orders.Count} orders, {s.Population.Count} population records.");
            return ExitCodes.Success;
        });
        return command;
    }
}
