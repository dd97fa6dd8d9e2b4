using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Haven.Damage.Assessment;
using Haven.Damage.Pwtt;
using Haven.Geo;
using Haven.Geo.Rasters;

namespace Haven.Workflows.Distributed;

/// <summary>
/// A PWTT run cut into tiles and handed to Hangfire workers (<c>haven worker</c>) that share only the PostgreSQL
/// connection and access to the images. The run is keyed by its stack, dates, options and tile size: tiles already
/// stored are not queued again, so a run stopped halfway resumes. Progress reports tiles done of all; a tile whose
/// retries are spent fails the run with its reason.
/// </summary>
public static class DistributedTiles
{
    /// <summary>A tile runner for <see cref="Assessments.AssessmentRequest.TileRunner"/>: queue the tiles, wait for them, put their cores together.</summary>
    /// <param name="connection">The PostgreSQL the workers take jobs from and store tiles in.</param>
    /// <param name="poll">How often the run looks when no worker has announced a stored tile (2 s by default).</param>
    /// <param name="joblessLook">How often it looks for tiles with no job to run them (30 s by default).</param>
    public static Func<AssessmentInput, IProgress<WorkProgress>?, Outcome<ChangeMaps>> Runner(string connection, TimeSpan? poll = null, TimeSpan? joblessLook = null) =>
        (input, progress) => Run(connection, input, poll ?? TimeSpan.FromSeconds(2), joblessLook ?? TimeSpan.FromSeconds(30), progress);

    /// <summary>
    /// The runner a request to distribute its tiles gets: it needs a tile size and a store in PostgreSQL, where the
    /// workers take the tiles; otherwise the problem, for the command line and the server alike.
    /// </summary>
    public static Outcome<Func<AssessmentInput, IProgress<WorkProgress>?, Outcome<ChangeMaps>>> RunnerFor(string? database, int? tileSize) =>
        tileSize is null || database is null || !Haven.Storage.Postgis.PostgisStore.IsConnectionString(database)
            ? Outcome<Func<AssessmentInput, IProgress<WorkProgress>?, Outcome<ChangeMaps>>>.Failure("assess.distribute",
                "distributing a run needs a tile size and a store in PostgreSQL, where workers (haven worker --db ...) take the tiles.")
            : Runner(database);

    /// <summary>The key of a run: the same stack, dates, options and tiles always give the same key.</summary>
    public static string RunKey(AssessmentInput input, int tileSize)
    {
        ArgumentNullException.ThrowIfNull(input);
        var text = new StringBuilder()
            .Append(Haven.Storage.Assessments.InputFile.Sha256Of(input.Stack.Manifest)).Append('|')
            .Append(input.EventDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('|')
            .Append(string.Join(',', input.InferenceDates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))).Append('|')
            .Append(JsonSerializer.Serialize(input.Options)).Append('|')
            .Append(tileSize.ToString(CultureInfo.InvariantCulture));
        return "pwtt-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>The jobs Hangfire lists at most per state when counting a run's tiles.</summary>
    private const int Listed = 5000;

    /// <summary>
    /// Where a run's tiles stand, from the stored tiles and Hangfire's view of its jobs: running (taken by a worker),
    /// waiting for a retry after a failure, failed with their retries spent (each with its reason). A tile that
    /// failed in an earlier attempt at the run and has a job queued again is not failed.
    /// </summary>
    public static (TileProgress Status, IReadOnlyList<(int Tile, string Reason)> Failed) Status(
        Hangfire.Storage.IMonitoringApi monitor, string run, IReadOnlySet<int> done, int total, int doneAtStart, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(done);
        var (running, retrying) = Active(monitor, run, done);
        var failed = new SortedDictionary<int, string>();
        foreach (var (_, job) in monitor.FailedJobs(0, Listed))
        {
            if (TileOf(job?.Job, run, done) is int t && !running.Contains(t) && !retrying.Contains(t))
            {
                failed.TryAdd(t, job!.ExceptionMessage ?? job.Reason ?? "no reason given");
            }
        }

        // Listed only when needed: a run of thousands of tiles has thousands queued.
        if (failed.Count > 0)
        {
            foreach (int t in Queued(monitor, run, done))
            {
                failed.Remove(t);
            }
        }

        // Workers that have said they are alive in the last two minutes (Hangfire's heartbeat is every 30 s).
        var since = DateTime.UtcNow - TimeSpan.FromMinutes(2);
        int workers = monitor.Servers().Where(s => s.Queues.Contains(TileJob.Queue) && (s.Heartbeat ?? s.StartedAt) >= since).Sum(s => s.WorkersCount);
        return (TileProgress.Estimate(total, done.Count, running.Count, retrying.Count, failed.Count, doneAtStart, elapsed) with { Workers = workers },
            [.. failed.Select(f => (f.Key, f.Value))]);
    }

    /// <summary>
    /// The tiles of a run that are not stored and have a job that will run them: queued, running, or waiting for a
    /// retry. A tile not stored and not among these has no job (its job was deleted, or failed for good) and must be
    /// queued for the run to finish.
    /// </summary>
    public static IReadOnlySet<int> Pending(Hangfire.Storage.IMonitoringApi monitor, string run, IReadOnlySet<int> done)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(done);
        var pending = Queued(monitor, run, done);
        var (running, retrying) = Active(monitor, run, done);
        pending.UnionWith(running);
        pending.UnionWith(retrying);
        return pending;
    }

    /// <summary>The run's tiles not stored whose jobs a worker is running, and those waiting for a retry.</summary>
    private static (HashSet<int> Running, HashSet<int> Retrying) Active(Hangfire.Storage.IMonitoringApi monitor, string run, IReadOnlySet<int> done) =>
        (Tiles(monitor.ProcessingJobs(0, Listed).Select(j => j.Value?.Job), run, done), Tiles(monitor.ScheduledJobs(0, Listed).Select(j => j.Value?.Job), run, done));

    private static int? TileOf(Job? job, string run, IReadOnlySet<int> done) =>
        job?.Args is [string r, _, _, _, int t, ..] && r == run && !done.Contains(t) ? t : null;

    private static HashSet<int> Tiles(IEnumerable<Job?> jobs, string run, IReadOnlySet<int> done) =>
        jobs.Select(j => TileOf(j, run, done)).OfType<int>().ToHashSet();

    private static HashSet<int> Queued(Hangfire.Storage.IMonitoringApi monitor, string run, IReadOnlySet<int> done)
    {
        var queued = new HashSet<int>();
        for (int from = 0; ; from += Listed)
        {
            var page = monitor.EnqueuedJobs(TileJob.Queue, from, Listed);
            // A queue keeps the rows of jobs moved on by hand until a worker takes them, and Hangfire.PostgreSql marks
            // every row as enqueued: only jobs whose state is still Enqueued count.
            queued.UnionWith(Tiles(page.Where(j => j.Value?.State == EnqueuedState.StateName).Select(j => j.Value?.Job), run, done));
            if (page.Count < Listed)
            {
                return queued;
            }
        }
    }

    private static Outcome<ChangeMaps> Run(string connection, AssessmentInput input, TimeSpan poll, TimeSpan joblessLook, IProgress<WorkProgress>? progress)
    {
        int tileSize = input.TileSize ?? throw new ArgumentException("A distributed run needs a tile size.", nameof(input));
        var stack = input.Stack;
        var grid = stack.Grid;
        var tiles = PwttTiles.Plan(grid, tileSize, PwttTiles.Halo(input.Options, grid.Transform.PixelWidth));
        var windows = PwttEngine.Windows(stack, input.EventDate, input.InferenceDates, input.Options);
        if (!windows.Succeeded)
        {
            return windows.Problem!;
        }

        string run = RunKey(input, tileSize);
        TileResults.EnsureAsync(connection).GetAwaiter().GetResult();
        var storage = TileJob.Storage(connection);
        var client = new BackgroundJobClient(storage);
        string dates = string.Join(',', input.InferenceDates.Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        string options = JsonSerializer.Serialize(input.Options);
        string eventDate = input.EventDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string manifest = Path.GetFullPath(stack.Manifest);
        string manifestText = File.ReadAllText(manifest);
        var done = TileResults.DoneAsync(connection, run, input.InferenceDates.Count).GetAwaiter().GetResult();
        var resumed = done;
        var monitor = storage.GetMonitoringApi();
        void Queue(IEnumerable<int> indices)
        {
            foreach (int index in indices)
            {
                client.Create(Job.FromExpression(() => TileJob.Run(run, manifest, manifestText, tileSize, index, eventDate, dates, options)), new EnqueuedState(TileJob.Queue));
            }
        }

        // A run taken up again (its command run a second time) queues only the tiles with no job still to run.
        var pending = Pending(monitor, run, done);
        Queue(tiles.Select(t => t.Index).Where(t => !done.Contains(t) && !pending.Contains(t)));
        var jobless = new HashSet<int>();
        var lastLook = System.Diagnostics.Stopwatch.StartNew();

        int doneAtStart = done.Count;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var whole = input.InferenceDates.Select(_ => new float[grid.CellCount]).ToArray();
        var dateIndex = input.InferenceDates.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => p.i);
        var placed = new HashSet<int>();
        double computeSeconds = 0;

        // Workers announce each tile they store; between announcements the run is looked at every `poll` anyway
        // (a tile failed for good is announced by nobody).
        using var listener = new Npgsql.NpgsqlConnection(connection);
        listener.Open();
        using (var listen = new Npgsql.NpgsqlCommand($"LISTEN {TileResults.Channel}", listener))
        {
            listen.ExecuteNonQuery();
        }

        while (true)
        {
            done = TileResults.DoneAsync(listener, run, input.InferenceDates.Count).GetAwaiter().GetResult();
            // Tiles are put in place as they arrive, so that little is left to read once the last is stored.
            var arrived = done.Where(t => !placed.Contains(t)).ToList();
            if (arrived.Count > 0)
            {
                foreach (var (tileIndex, inference, t, seconds) in TileResults.ReadAsync(connection, run, arrived).GetAwaiter().GetResult())
                {
                    tiles[tileIndex].Place(t, whole[dateIndex[inference]], grid.Width);

                    // A tile's seconds are recorded on each of its maps: counted once, and only for tiles this run computed.
                    if (dateIndex[inference] == 0 && seconds is double sec && !resumed.Contains(tileIndex))
                    {
                        computeSeconds += sec;
                    }
                }

                placed.UnionWith(arrived);
            }

            var (status, failures) = Status(monitor, run, done, tiles.Count, doneAtStart, clock.Elapsed);
            progress?.Report(new WorkProgress("tiles (haven worker)", done.Count, tiles.Count) { Tiles = status });
            if (done.Count == tiles.Count)
            {
                break;
            }

            // A tile whose retries are spent has failed for good: say which and why. Looked at again a second
            // later first: a failed job of an earlier attempt is not a failure once the tile's new job is running,
            // and a job being taken up is briefly neither queued nor running.
            if (failures.Count > 0)
            {
                Thread.Sleep(TimeSpan.FromSeconds(1));
                done = TileResults.DoneAsync(listener, run, input.InferenceDates.Count).GetAwaiter().GetResult();
                failures = Status(monitor, run, done, tiles.Count, doneAtStart, clock.Elapsed).Failed;
            }

            if (failures.Count > 0)
            {
                var (tile, reason) = failures[0];
                return Outcome<ChangeMaps>.Failure("distributed.tile", $"tile {tile} of run {run} failed after its retries: {reason}"
                    + (failures.Count > 1 ? $" ({failures.Count - 1} more tiles failed too)" : string.Empty));
            }

            // A tile with no job to run it (its job deleted from the dashboard, or its row lost) is queued again,
            // once it has been seen without one twice, a look apart (30 s by default): a job that has just stored its tile
            // may have left the running list before the tile is seen stored.
            if (lastLook.Elapsed >= joblessLook)
            {
                lastLook.Restart();
                pending = Pending(monitor, run, done);
                var without = tiles.Select(t => t.Index).Where(t => !done.Contains(t) && !pending.Contains(t)).ToHashSet();
                Queue(without.Where(jobless.Contains));
                jobless = [.. without.Where(t => !jobless.Contains(t))];
            }

            // (Npgsql's Wait takes milliseconds, 0 meaning for ever.)
            listener.Wait(Math.Max(1, (int)poll.TotalMilliseconds));
            while (listener.Wait(1))
            {
                // more announcements already here: one look covers them all
            }
        }

        var maps = input.InferenceDates.Select((d, i) => new ChangeMap(d, new Raster<float>(grid, whole[i], float.NaN))).ToList();
        // How long the tiles took on the workers against how long this run waited for them: the job system's share.
        var stageSeconds = new Dictionary<string, double>(StringComparer.Ordinal) { ["tiles_on_workers"] = clock.Elapsed.TotalSeconds, ["tile_compute_on_workers"] = computeSeconds };
        return new ChangeMaps(grid, maps, windows.Value.Windows, windows.Value.Warnings, stageSeconds, 0);
    }
}
