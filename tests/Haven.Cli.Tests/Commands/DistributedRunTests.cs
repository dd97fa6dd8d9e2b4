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

    private static Dictionary<string, bool> Calls(string folder)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "buildings.geojson")));
        return doc.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties"))
            .ToDictionary(p => p.GetProperty("id").ToString(), p => p.GetProperty("damaged").GetBoolean());
    }

    [SkippableFact]
    public async Task A_run_on_three_workers_one_killed_midway_completes_with_the_single_runs_area_figures_and_building_calls_and_every_tile_stored_once()
    {
        Skip.If(string.IsNullOrEmpty(Postgres), NoPostgres);
        await ClearAsync();
        string strip = Path.Combine(Dir, "strip");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
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
        Skip.If(string.IsNullOrEmpty(Postgres), NoPostgres);
        await ClearAsync();
        string strip = Path.Combine(Dir, "strip");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
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
        Skip.If(string.IsNullOrEmpty(Postgres), NoPostgres);
        await ClearAsync();
        string strip = Path.Combine(Dir, "strip");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "3"));
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
    public async Task A_runs_status_counts_its_stored_running_retrying_and_failed_tiles_with_the_reason_and_leaves_out_other_runs_jobs()
    {
        Skip.If(string.IsNullOrEmpty(Postgres), NoPostgres);
        await ClearAsync();
        var storage = TileJob.Storage(Postgres!);
        var client = new BackgroundJobClient(storage);
        string Queued(string run, int tile) => client.Create(
            Job.FromExpression(() => TileJob.Run(run, "stack.csv", "", 64, tile, "2023-10-07", "2023-10-15", "{}")), new EnqueuedState("nobody-takes-this"));
        var ids = Enumerable.Range(0, 6).Select(t => Queued("run-a", t)).ToList();
        string other = Queued("run-b", 1);
        // Hangfire makes this state only inside its workers; the test puts the jobs in it as a worker would.
        static IState Processing(string worker) => (IState)Activator.CreateInstance(typeof(ProcessingState),
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance, null, ["server", worker], null)!;
        client.ChangeState(ids[1], Processing("worker-1"));
        client.ChangeState(other, Processing("worker-2"));
        client.ChangeState(ids[2], new ScheduledState(TimeSpan.FromMinutes(5))); // a failed attempt waiting for its retry
        using (var connection = storage.GetConnection())
        {
            connection.SetJobParameter(ids[3], "RetryCount", "4"); // its retries spent
            connection.SetJobParameter(ids[0], "RetryCount", "4");
        }

        client.ChangeState(ids[3], new FailedState(new IOException("the image server answered 503")));
        client.ChangeState(ids[0], new FailedState(new IOException("an earlier failure of a tile stored since")));

        var (status, failed) = DistributedTiles.Status(storage.GetMonitoringApi(), "run-a", new HashSet<int> { 0 }, 6, 0, TimeSpan.FromSeconds(10));

        Assert.Equal(new TileProgress(6, 1, 1, 1, 1, TimeSpan.FromSeconds(50)) { Workers = 0 }, status);
        Assert.Equal([(3, "the image server answered 503")], failed);
        Assert.Equal("1 of 6 tiles stored, 1 running, 1 to retry, 1 failed, about 50 s left, no worker is taking tiles: start haven worker --db on a machine that reaches this database",
            status.Describe());
    }

    private static async Task<long> StoredTilesAsync()
    {
        await using var db = new NpgsqlConnection(Postgres);
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT CASE WHEN to_regclass('{TileResults.Table}') IS NULL THEN 0 ELSE (SELECT count(*) FROM {TileResults.Table}) END", db);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
