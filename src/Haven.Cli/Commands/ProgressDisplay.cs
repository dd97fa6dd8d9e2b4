using Haven.Geo;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>Runs long work under a Spectre.Console progress bar fed by <see cref="WorkProgress"/> reports.</summary>
public static class ProgressDisplay
{
    public static async Task RunAsync(string title, Func<IProgress<WorkProgress>, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
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
