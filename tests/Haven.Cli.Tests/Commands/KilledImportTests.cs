using System.Diagnostics;
using Haven.Cli.Tests.Support;
using Haven.Demo;
using Haven.Storage.Scenarios;
using Haven.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Haven.Cli.Tests.Commands;

/// <summary>
/// An import killed with SIGKILL in the middle, in a child process: the store stays readable and holds what it
/// held before, with none of the killed import's rows; running the import again finishes it.
/// </summary>
public sealed class KilledImportTests : CliTest
{
    [Fact]
    public async Task Killing_an_import_midway_leaves_the_store_and_its_audit_log_as_they_were_and_running_it_again_finishes_and_audits_it()
    {
        string db = Path.Combine(Dir, "haven.db");
        var before = SampleStrip.Generate(new SampleStripOptions { Seed = 1 }).Scenario;
        var store = new SqliteStore(db);
        await store.MigrateAsync();
        await store.ImportScenarioAsync(before);
        var next = SampleStrip.Generate(new SampleStripOptions { Seed = 2 });
        string folder = Path.Combine(Dir, "seed-2");
        ScenarioWriter.Write(next, folder);
        SqliteConnection.ClearAllPools();

        // Kill once the write-ahead log shows the import's transaction spilling pages (16 of them), before it can commit:
        // timed alone, the log fills for about 0.1 s and the import ends about 0.65 s after its first page. The log is
        // watched from this thread, sleeping a millisecond at a time, so that a thread pool busy with other tests
        // cannot delay the watch past the commit.
        using (var child = ChildHaven.Start("import", folder, "--replace", "--db", db))
        {
            var wal = new FileInfo(db + "-wal");
            var watch = Stopwatch.StartNew();
            while (!child.HasExited && watch.Elapsed < TimeSpan.FromMinutes(2))
            {
                wal.Refresh();
                if (wal.Exists && wal.Length > 64 << 10)
                {
                    break;
                }

                Thread.Sleep(1);
            }

            Assert.False(child.HasExited, $"the import ended (exit {(child.HasExited ? child.ExitCode : 0)}) before it could be killed");
            child.Kill();
            await child.WaitForExitAsync();
        }

        Assert.Equal("ok", await Scalar(db, "PRAGMA integrity_check"));
        Assert.Equal(before.Info, await store.GetScenarioAsync());
        Assert.Equal(before.Buildings.Select(b => b.Id).Order(StringComparer.Ordinal), (await store.GetBuildingsAsync()).Select(b => b.Id).Order(StringComparer.Ordinal));
        Assert.Equal(before.Buildings.Count, Convert.ToInt32(await Scalar(db, "SELECT COUNT(*) FROM buildings_rtree"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(before.Sites.Count, (await store.GetSitesAsync()).Count);
        Assert.Empty(await store.GetAuditAsync());
        SqliteConnection.ClearAllPools();

        using (var again = ChildHaven.Start("import", folder, "--replace", "--db", db))
        {
            await again.WaitForExitAsync();
            Assert.Equal(0, again.ExitCode);
        }

        Assert.Equal(next.Scenario.Info, await store.GetScenarioAsync());
        Assert.Equal(next.Scenario.Buildings.Select(b => b.Id).Order(StringComparer.Ordinal), (await store.GetBuildingsAsync()).Select(b => b.Id).Order(StringComparer.Ordinal));
        Assert.Equal(next.Scenario.Sites.Count, (await store.GetSitesAsync()).Count);
        Assert.Equal(next.Scenario.Population.Count, (await store.GetPopulationAsync()).Count);
        var audit = Assert.Single(await store.GetAuditAsync());
        Assert.Equal("replace with scenario", audit.Action);
        Assert.Equal(await global::Haven.Workflows.Access.AuditDigest.LayersAsync(store), audit.After);
    }

    private static async Task<object?> Scalar(string db, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={db}");
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync();
    }
}
