using Haven.Geo;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>
/// Runs long work under a Spectre.Console progress bar fed by <see cref="WorkProgress"/> reports; when the console
/// is not interactive (a log, a pipe), each stage is written once to the error stream instead.
/// </summary>
public static class ProgressDisplay
{
    private static readonly TimeSpan TileLineInterval = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(string title, Func<IProgress<WorkProgress>, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            // Into a log or a pipe: one line per stage on the error stream, not a redrawn bar.
            // A tiled run's tiles are written when they change, at most every few seconds, and once all are stored.
            string? last = null, lastTiles = null;
            var since = System.Diagnostics.Stopwatch.StartNew();
            await work(new SynchronousProgress<WorkProgress>(p =>
            {
                if (p.Stage != last)
                {
                    last = p.Stage;
                    Console.Error.WriteLine(string.Equals(p.Stage, title, StringComparison.OrdinalIgnoreCase) ? $"{title}..." : $"{title}: {p.Stage}...");
                }

                if (p.Tiles?.Describe() is { } tiles && tiles != lastTiles && (since.Elapsed >= TileLineInterval || p.Tiles.Done == p.Tiles.Total))
                {
                    lastTiles = tiles;
                    since.Restart();
                    Console.Error.WriteLine($"{title}: {tiles}");
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
                    task.Description = $"{title}: {Markup.Escape(p.Tiles?.Describe() ?? p.Stage)}";
                });
                await work(progress);
                task.Value = task.MaxValue;
                task.Description = title;
            });
    }
}
