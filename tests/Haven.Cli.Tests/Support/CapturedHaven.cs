namespace Haven.Cli.Tests.Support;

/// <summary>The `haven` command run in-process with what it writes captured (command tests run one at a time).</summary>
public static class CapturedHaven
{
    /// <summary>Runs the command; its exit code and everything it wrote to standard error and standard output (tables on one line each).</summary>
    public static async Task<(int Exit, string Output)> RunAsync(TimeProvider time, params string[] args)
    {
        var error = new StringWriter();
        var output = new StringWriter();
        var (previousError, previousOut, previousAnsi) = (Console.Error, Console.Out, Spectre.Console.AnsiConsole.Console);
        Console.SetError(error);
        Console.SetOut(output);
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(output),
            Interactive = Spectre.Console.InteractionSupport.No,
            Ansi = Spectre.Console.AnsiSupport.No,
        });
        console.Profile.Width = 10_000; // file paths and table rows on one line
        Spectre.Console.AnsiConsole.Console = console;
        try
        {
            int exit = await HavenCommand.RunAsync(args, time);
            return (exit, error + "\n" + output);
        }
        finally
        {
            Console.SetError(previousError);
            Console.SetOut(previousOut);
            Spectre.Console.AnsiConsole.Console = previousAnsi;
        }
    }
}
