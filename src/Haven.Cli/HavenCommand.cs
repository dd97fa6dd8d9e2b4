using System.CommandLine;
using Haven.Cli.Commands;

namespace Haven.Cli;

/// <summary>The `haven` command tree. Parse errors exit 2 with the parser's message; commands return <see cref="ExitCodes"/>.</summary>
public static class HavenCommand
{
    public static RootCommand Create(TimeProvider time)
    {
        var root = new RootCommand("Haven: a civilian-protection workbench. Damage, protection, capacity and aid, as of any date.")
        {
            GlobalOptions.Database,
            SimulateCommand.Create(),
            ImportCommand.Create(time),
            ExportCommand.Create(time),
            InspectCommand.Create(),
            ZonalCommand.Create(),
            StackCommand.Create(),
            AssessCommand.Create(time),
            WorkerCommand.Create(time),
            UnosatCommand.Create(time),
            LookupCommand.Create(time),
            HistoryCommand.Create(time),
        };
        foreach (var command in PublicationCommands.Create(time).Concat(AccessCommands.Create(time)).Concat(PlanningCommands.Create(time)))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args, TimeProvider time)
    {
        var parse = Create(time).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            await Console.Error.WriteLineAsync("Run 'haven --help' for usage.");
            return ExitCodes.BadInput;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (IOException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Failure;
        }
        catch (UnauthorizedAccessException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.Failure;
        }
    }
}
