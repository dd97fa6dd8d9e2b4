using Haven.Geo;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>
/// Runs long work under a Spectre.Console progress bar fed by <see cref="WorkProgress"/> reports; when the console
/// is not interactive (a log, a pipe), each stage is written once to the error stream instead.
/// </summary>
public static class ProgressDisplay
{
    public static async Task RunAsync(string title, Func<IProgress<WorkProgress>, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            // Into a log or a pipe: one line per stage on the error stream, not a redrawn bar.
            string? last = null;
            await work(new SynchronousProgress<WorkProgress>(p =>
            {
                if (p.Stage != last)
                {
                    last = p.Stage;
                    Console.Error.WriteLine(string.Equals(p.Stage, title, StringComparison.OrdinalIgnoreCase) ? $"{title}..." : $"{title}: {p.Stage}...");
                }
            }));
            return;
        }

        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(title, maxValue: 1);
                var progress = new SynchronousProgress<WorkProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = $"{title}: {Markup.Escape(p.Stage)}";
                });
                await work(progress);
                task.Value = task.MaxValue;
                task.Description = title;
            });
    }
}
