using System.Diagnostics;
using System.Text.Json;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Haven.Cli.Tests.Support;
using Haven.Geo;
using Haven.Workflows.Distributed;
using Npgsql;

namespace Haven.Cli.Tests.Commands;

/// <summary>
/// Assessments handed to `haven worker` processes over the throwaway PostgreSQL CI starts (HAVEN_TEST_POSTGRES);
/// the stack is the Sample Strip's synthetic radar.
/// </summary>
public sealed class DistributedRunTests : CliTest
{
    private static readonly string? Postgres = Environment.GetEnvironmentVariable("HAVEN_TEST_POSTGRES");

    private const string NoPostgres = "HAVEN_TEST_POSTGRES names no PostgreSQL; .ci/run starts one.";

    private static async Task ClearAsync()
    {
        await using var db = new NpgsqlConnection(Postgres);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP TABLE IF EXISTS {TileResults.Table}; DROP SCHEMA IF EXISTS hangfire CASCADE;", db);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Skips without PostgreSQL; else clears the tile results and jobs, and simulates the Sample Strip (seed 3), returning its folder.</summary>
    private async Task<string> StripAsync()
    {
        Skip.If(string.IsNullOrEmpty(Postgres), NoPostgres);
        await ClearAsync();
        string strip = Path.Combine(Dir, "strip");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
        return strip;
    }

    private static Dictionary<string, bool> Calls(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "buildings.geojson")));
        return doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
            .ToDictionary(p => p.GetProperty("id").ToString(), p => p.GetProperty("damaged").GetBoolean());
    }

    [SkippableFact]
    public async Task A_run_on_three_workers_one_killed_midway_completes_with_the_single_runs_area_figures_and_building_calls_and_every_tile_stored_once()
    {
        string strip = await StripAsync();
        string[] Args(string output, string db, params string[] more) => ["assess", "--stack", Path.Combine(strip, "radar", "stack.csv"), "--event", "2023-10-07",
            "--inference", "2023-10-15,2023-10-27", "--buildings", Path.Combine(strip, "buildings.geojson"), "--areas", Path.Combine(strip, "areas.geojson"),
            "--out", Path.Combine(Dir, output), "--db", db, .. more];
        Assert.Equal(0, await Haven(Args("single", Path.Combine(Dir, "single.db"))));

        // A killed worker's tile is taken up by another after 5 s.
        var environment = new Dictionary<string, string> { ["HAVEN_JOB_INVISIBILITY_SECONDS"] = "5" };
        var workers = Enumerable.Range(0, 3).Select(_ => ChildHaven.Start(environment, "worker", "--db", Postgres!, "--workers", "1")).ToList();
        try
        {
            var run = CapturedHaven.RunAsync(Time, Args("distributed", Postgres!, "--tile-size", "50", "--distribute"));
            var clock = Stopwatch.StartNew();
            while (!run.IsCompleted && clock.Elapsed < TimeSpan.FromMinutes(3) && await StoredTilesAsync() < 3)
            {
                await Task.Delay(100);
            }

            workers[0].Kill(); // SIGKILL: no chance to hand its tile back
            var (exit, output) = await run.WaitAsync(TimeSpan.FromMinutes(5));
            Assert.Equal(0, exit);
            // The progress names the tiles: the last line has them all stored.
            var stack = global::Haven.Damage.Stacks.ImageStack.Open(Path.Combine(strip, "radar", "stack.csv")).Value;
            int tiles = global::Haven.Damage.Pwtt.PwttTiles.Plan(stack.Grid, 50,
                global::Haven.Damage.Pwtt.PwttTiles.Halo(global::Haven.Damage.Pwtt.PwttOptions.Default, stack.Grid.Transform.PixelWidth)).Count;
            Assert.Contains($"PWTT: {tiles} of {tiles} tiles stored\n", output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        }
        finally
        {
            foreach (var w in workers)
            {
                if (!w.HasExited)
                {
                    w.Kill();
                }

                w.Dispose();
            }
        }

        Assert.Equal(File.ReadAllLines(Path.Combine(Dir, "single", "areas.csv")), File.ReadAllLines(Path.Combine(Dir, "distributed", "areas.csv")));
        // The summary records how long the run waited for its tiles and how long the workers computed them (three at most at once).
        using (var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "distributed", "summary.json"))))
        {
            var stages = summary.RootElement.GetProperty("stage_seconds");
            double waited = stages.GetProperty("tiles_on_workers").GetDouble(), computed = stages.GetProperty("tile_compute_on_workers").GetDouble();
            Assert.InRange(computed, 1e-3, 3 * waited);
        }

        Assert.Equal(Calls(Path.Combine(Dir, "single")), Calls(Path.Combine(Dir, "distributed")));
        await using var db = new NpgsqlConnection(Postgres);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT count(*), count(DISTINCT (tile, inference)), count(DISTINCT tile) FROM {TileResults.Table}", db);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        Assert.Equal(r.GetInt64(0), r.GetInt64(1));
        Assert.Equal(2 * r.GetInt64(2), r.GetInt64(0));
    }

    [SkippableFact]
    public async Task A_tile_job_run_again_after_its_worker_died_writes_nothing_more()
    {
        string strip = await StripAsync();
        await TileResults.EnsureAsync(Postgres!);
        TileJob.Connection = Postgres;
        string options = JsonSerializer.Serialize(global::Haven.Damage.Pwtt.PwttOptions.Default);
        string manifest = Path.Combine(strip, "radar", "stack.csv");

        int first = TileJob.Run("retried-run", manifest, "", 64, 3, "2023-10-07", "2023-10-15,2023-10-27", options);
        int second = TileJob.Run("retried-run", manifest, "", 64, 3, "2023-10-07", "2023-10-15,2023-10-27", options);
        int written = TileResults.Write(Postgres!, "retried-run", 3, [(new DateOnly(2023, 10, 15), 1, 1, [0f])], "a second writer");

        Assert.Equal((2, 0, 0), (first, second, written));
        Assert.Equal(2, await TileResults.RowsAsync(Postgres!, "retried-run", 3));
    }

    [SkippableFact]
    public async Task Storing_a_tile_announces_its_run_on_the_channel_and_storing_it_again_announces_nothing()
    {
        Skip.If(string.IsNullOrEmpty(Postgres), NoPostgres);
        await ClearAsync();
        await TileResults.EnsureAsync(Postgres!);
        await using var listener = new NpgsqlConnection(Postgres);
        await listener.OpenAsync();
        var heard = new List<string>();
        listener.Notification += (_, e) => heard.Add(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {TileResults.Channel}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        int first = TileResults.Write(Postgres!, "announced-run", 2, [(new DateOnly(2023, 10, 15), 1, 1, [0.5f])], "worker", 1.25);
        bool firstHeard = await listener.WaitAsync(5000);
        int again = TileResults.Write(Postgres!, "announced-run", 2, [(new DateOnly(2023, 10, 15), 1, 1, [0.5f])], "worker", 1.25);
        bool againHeard = await listener.WaitAsync(500);

        Assert.Equal((1, true, 0, false), (first, firstHeard, again, againHeard));
        Assert.Equal(["announced-run"], heard);
        Assert.Equal(1.25, Assert.Single(await TileResults.ReadAsync(Postgres!, "announced-run")).Seconds);
    }

    [SkippableFact]
    public async Task A_worker_that_does_not_see_the_manifests_path_reads_its_images_by_address_and_stores_the_same_tile()
    {
        string strip = await StripAsync();
        string radar = Path.Combine(strip, "radar");
        using var server = new Haven.Geo.Tests.Support.RangeServer(radar);
        var lines = File.ReadAllLines(Path.Combine(radar, "stack.csv"));
        string remote = string.Join('\n', [lines[0], .. lines.Skip(1).Select(l => server.Url(Path.GetFileName(l.Split(',')[0])) + l[l.IndexOf(',', StringComparison.Ordinal)..])]);
        await TileResults.EnsureAsync(Postgres!);
        TileJob.Connection = Postgres;
        var options = global::Haven.Damage.Pwtt.PwttOptions.Default;

        int written = TileJob.Run("remote-run", "/no/such/shared/mount/stack.csv", remote, 64, 5, "2023-10-07", "2023-10-15", JsonSerializer.Serialize(options));

        Assert.Equal(1, written);
        Assert.NotEmpty(server.Ranges(Path.GetFileName(lines[1].Split(',')[0])));
        var stack = global::Haven.Damage.Stacks.ImageStack.Open(Path.Combine(radar, "stack.csv")).Value;
        var tile = global::Haven.Damage.Pwtt.PwttTiles.Plan(stack.Grid, 64, global::Haven.Damage.Pwtt.PwttTiles.Halo(options, stack.Grid.Transform.PixelWidth))[5];
        var local = global::Haven.Damage.Pwtt.PwttTiles.RunTile(stack, tile, new DateOnly(2023, 10, 7), [new DateOnly(2023, 10, 15)], options).Value;
        var stored = Assert.Single(await TileResults.ReadAsync(Postgres!, "remote-run"));
        Assert.Equal(local.Maps[0].T.Data, stored.T);
    }

    [SkippableFact]
    public async Task A_runs_status_counts_its_stored_running_retrying_and_failed_tiles_and_its_pending_tiles_are_those_with_a_job_to_run_them()
    {
        Skip.If(string.IsNullOrEmpty(Postgres), NoPostgres);
        await ClearAsync();
        var storage = TileJob.Storage(Postgres!);
        var client = new BackgroundJobClient(storage);
        // No worker runs here: the jobs stay where the test puts them.
        string Queued(string run, int tile) => client.Create(
            Job.FromExpression(() => TileJob.Run(run, "stack.csv", "", 64, tile, "2023-10-07", "2023-10-15", "{}")), new EnqueuedState(TileJob.Queue));
        var ids = Enumerable.Range(0, 6).Select(t => Queued("run-a", t)).ToList();
        string other = Queued("run-b", 1);
        string earlier = Queued("run-a", 4); // an earlier attempt at tile 4, failed for good; ids[4] is its job queued again
        // Hangfire makes this state only inside its workers; the test puts the jobs in it as a worker would.
        static IState Processing(string worker) => (IState)Activator.CreateInstance(typeof(ProcessingState),
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, ["server", worker], null)!;
        client.ChangeState(ids[1], Processing("worker-1"));
        client.ChangeState(other, Processing("worker-2"));
        client.ChangeState(ids[2], new ScheduledState(TimeSpan.FromMinutes(5))); // a failed attempt waiting for its retry
        using (var connection = storage.GetConnection())
        {
            foreach (string id in new[] { ids[3], ids[0], earlier })
            {
                connection.SetJobParameter(id, "RetryCount", "4"); // its retries spent
            }
        }

        client.ChangeState(ids[3], new FailedState(new IOException("the image server answered 503")));
        client.ChangeState(ids[0], new FailedState(new IOException("an earlier failure of a tile stored since")));
        client.ChangeState(earlier, new FailedState(new IOException("a failure before the run was taken up again")));
        client.Delete(ids[5]); // deleted from the dashboard: tile 5 has no job

        var done = new HashSet<int> { 0 };
        var (status, failed) = DistributedTiles.Status(storage.GetMonitoringApi(), "run-a", done, 6, 0, TimeSpan.FromSeconds(10));
        var pending = DistributedTiles.Pending(storage.GetMonitoringApi(), "run-a", done);

        Assert.Equal([1, 2, 4], pending.Order());
        Assert.Equal([(3, "the image server answered 503")], failed);
        Assert.Equal(new TileProgress(6, 1, 1, 1, 1, TimeSpan.FromSeconds(50)) { Workers = 0 }, status);
        Assert.Equal("1 of 6 tiles stored, 1 running, 1 to retry, 1 failed, about 50 s left, no worker is taking tiles: start haven worker --db on a machine that reaches this database",
            status.Describe());
    }

    [SkippableFact]
    public async Task A_tile_whose_job_was_deleted_is_queued_again_and_the_run_gives_the_maps_of_a_run_in_one_process()
    {
        string strip = await StripAsync();
        var stack = global::Haven.Damage.Stacks.ImageStack.Open(Path.Combine(strip, "radar", "stack.csv")).Value;
        var options = global::Haven.Damage.Pwtt.PwttOptions.Default;
        DateOnly eventDate = new(2023, 10, 7), inference = new(2023, 10, 15);
        var input = new global::Haven.Damage.Assessment.AssessmentInput(stack, eventDate, [inference], [], [], null, options) { TileSize = 64 };
        var storage = TileJob.Storage(Postgres!);
        await TileResults.EnsureAsync(Postgres!);
        var run = Task.Run(() => DistributedTiles.Runner(Postgres!, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1))(input, null));

        // Tile 0's job is deleted (as from the dashboard) before any worker has started.
        string? deleted = null;
        for (var clock = Stopwatch.StartNew(); deleted is null && clock.Elapsed < TimeSpan.FromMinutes(1); await Task.Delay(50))
        {
            deleted = storage.GetMonitoringApi().EnqueuedJobs(TileJob.Queue, 0, 1000).FirstOrDefault(j => j.Value?.Job?.Args[4] is 0).Key;
        }

        Assert.NotNull(deleted);
        Assert.True(new BackgroundJobClient(storage).Delete(deleted));
        TileJob.Connection = Postgres;
        using (new BackgroundJobServer(new BackgroundJobServerOptions { Queues = [TileJob.Queue], WorkerCount = 2 }, storage))
        {
            var maps = await run.WaitAsync(TimeSpan.FromMinutes(3));

            Assert.True(maps.Succeeded, maps.Problem?.Message);
            var local = global::Haven.Damage.Pwtt.PwttTiles.Run(stack, eventDate, [inference], 64, options).Value;
            Assert.Equal(local.Maps[0].T.Data, maps.Value.Maps[0].T.Data);
        }
    }

    [SkippableFact]
    public async Task A_stack_aligned_from_real_opera_products_run_on_workers_gives_the_tiled_maps_of_one_process_cell_for_cell()
    {
        Skip.If(string.IsNullOrEmpty(Postgres), NoPostgres);
        Skip.If(global::Haven.Geo.Tests.Support.ReferenceData.OperaBurst is null, global::Haven.Geo.Tests.Support.ReferenceData.NoS1Samples);
        await ClearAsync();
        // The inner 60% of the real OPERA burst crop (T009, 019294-IW2), as an area of interest in WGS 84.
        string aoi = Path.Combine(Dir, "aoi.geojson");
        await File.WriteAllTextAsync(aoi, """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":
            [[[143.3357,-5.3926],[143.3927,-5.3926],[143.3927,-5.3517],[143.3357,-5.3517],[143.3357,-5.3926]]]}}]}
            """);
        string aligned = Path.Combine(Dir, "aligned");
        Assert.Equal(0, await Haven("stack", "build", global::Haven.Geo.Tests.Support.ReferenceData.OperaBurst!, "--out", aligned, "--aoi", aoi, "--db", Path.Combine(Dir, "x.db")));
        var stack = global::Haven.Damage.Stacks.ImageStack.Open(Path.Combine(aligned, "stack.csv")).Value;
        var options = global::Haven.Damage.Pwtt.PwttOptions.Default;
        DateOnly eventDate = new(2024, 3, 15), inference = new(2024, 4, 10);
        var input = new global::Haven.Damage.Assessment.AssessmentInput(stack, eventDate, [inference], [], [], null, options) { TileSize = 32 };
        TileJob.Connection = Postgres;
        await TileResults.EnsureAsync(Postgres!);

        using (new BackgroundJobServer(new BackgroundJobServerOptions { Queues = [TileJob.Queue], WorkerCount = 2 }, TileJob.Storage(Postgres!)))
        {
            var maps = await Task.Run(() => DistributedTiles.Runner(Postgres!, TimeSpan.FromMilliseconds(200))(input, null)).WaitAsync(TimeSpan.FromMinutes(3));

            Assert.True(maps.Succeeded, maps.Problem?.Message);
            var local = global::Haven.Damage.Pwtt.PwttTiles.Run(stack, eventDate, [inference], 32, options).Value;
            Assert.Equal(local.Maps[0].T.Data, maps.Value.Maps[0].T.Data);
            // Cells the burst covers have a T; the rest of the area is left without one, not given a value.
            Assert.Contains(maps.Value.Maps[0].T.Data, float.IsFinite);
            Assert.Contains(maps.Value.Maps[0].T.Data, float.IsNaN);
        }
    }

    private static async Task<long> StoredTilesAsync()
    {
        await using var db = new NpgsqlConnection(Postgres);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT CASE WHEN to_regclass('{TileResults.Table}') IS NULL THEN 0 ELSE (SELECT count(*) FROM {TileResults.Table}) END", db);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
