using System.CommandLine;
using Hangfire;
using Haven.Storage.Postgis;
using Haven.Workflows.Distributed;
using Spectre.Console;

namespace Haven.Cli.Commands;

/// <summary>`haven worker --db POSTGRES`: a Hangfire server that runs tile jobs of distributed assessments until stopped.</summary>
public static class WorkerCommand
{
    public static Command Create(TimeProvider time)
    {
        _ = time;
        var workers = new Option<int>("--workers") { Description = "Tiles run at once in this process (default: one per core).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("worker", "Run tile jobs of distributed assessments (haven assess --distribute) from the PostgreSQL named by --db, until stopped; start one per machine.")
        {
            workers,
        };
        command.SetAction(async (parse, ct) =>
        {
            string db = parse.GetValue(GlobalOptions.Database) ?? GlobalOptions.DefaultDatabase;
            if (!PostgisStore.IsConnectionString(db))
            {
                Console.Error.WriteLine($"--db: a worker takes its jobs from PostgreSQL (Host=...;Database=... or postgresql://...); '{db}' is a SQLite file.");
                return ExitCodes.BadInput;
            }

            int n = parse.GetValue(workers);
            if (n is < 1 or > 256)
            {
                Console.Error.WriteLine($"--workers {n}: expected 1 to 256 tiles at once.");
                return ExitCodes.BadInput;
            }

            TileJob.Connection = db;
            TileJob.Log = line => Console.Error.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:HH:mm:ss.ff} {line}"));
            await TileResults.EnsureAsync(db, ct);
            using var server = new BackgroundJobServer(
                new BackgroundJobServerOptions { Queues = [TileJob.Queue], WorkerCount = n, ServerName = $"haven-{Environment.MachineName}-{Environment.ProcessId}" },
                TileJob.Storage(db));
            Console.Error.WriteLine($"haven worker {Environment.ProcessId}: {n} at once, taking tile jobs; stop with Ctrl+C.");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                AnsiConsole.MarkupLine("Stopping: tiles under way are finished or handed back.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
