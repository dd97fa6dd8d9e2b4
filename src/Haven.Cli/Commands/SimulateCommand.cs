using System.CommandLine;
using Haven.Demo;
using Haven.Storage.Scenarios;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven simulate`: writes the synthetic Sample Strip scenario folder.</summary>
public static class SimulateCommand
{
    public static Command Create()
    {
        var output = new Option<DirectoryInfo>("--out") { Description = "Folder to write the scenario into.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed; the same seed writes the same files.", DefaultValueFactory = _ => 1 };
        var slc = new Option<bool>("--slc") { Description = "Also write a single-look complex (CFloat32) stack in slc/ for coherent change detection." };
        var command = new Command("simulate", "Write the synthetic Sample Strip demo scenario: layers, population, radar stack and damage truth.")
        {
            output,
            seed,
            slc,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new SampleStripOptions { Seed = parse.GetValue(seed) };
            string dir = parse.GetValue(output)!.FullName;
            SampleStripScenario? generated = null;
            await ProgressDisplay.RunAsync("Sample Strip (synthetic)", progress =>
            {
                generated = SampleStrip.Generate(options);
                ScenarioWriter.Write(generated, dir, progress, parse.GetValue(slc));
                return Task.CompletedTask;
            });
            var s = generated!.Scenario;
            AnsiConsole.MarkupLine($"Wrote [bold]{Markup.Escape(dir)}[/] (synthetic): {s.Areas.Count} districts, {s.Blocks.Count} blocks, " +
                $"{s.Buildings.Count} buildings, {s.Sites.Count} sites, {s.Zones.Count} zone, {s.Orders.Count} orders, " +
                $"{generated.DestroyedBuildingIds.Count} destroyed buildings in the truth.");
            return ExitCodes.Success;
        });
        return command;
    }
}
