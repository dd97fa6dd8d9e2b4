using Haven.Workflows.Access;
using System.Diagnostics;
using Haven.Cli.Tests.Support;
using Haven.Geo.Tests.Support;
using Haven.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Haven.Cli.Tests.Commands;

/// <summary>
/// An audited import of the real Gaza layers killed with SIGKILL at moments spread over its run, in a child
/// process: after each kill the store holds either what it held before with no new audit row, or the import
/// whole with exactly one audit row whose digest is the stored state. Never data without its audit row.
/// </summary>
public sealed class KilledAuditTests : CliTest
{
    [ReferenceFact]
    public async Task A_killed_import_leaves_its_change_and_its_audit_row_together_or_neither_at_every_moment()
    {
        string db = Path.Combine(Dir, "haven.db");
        var store = new SqliteStore(db);
        await store.MigrateAsync();
        string empty = await AuditDigest.LayersAsync(store);
        SqliteConnection.ClearAllPools();

        // How long a whole import takes here, to spread the kills over it.
        var clock = Stopwatch.StartNew();
        string reference = Path.Combine(Dir, "reference.db");
        using (var whole = ChildHaven.Start("import", ReferenceData.Folder!, "--db", reference))
        {
            await whole.WaitForExitAsync();
            Assert.Equal(0, whole.ExitCode);
        }

        var full = clock.Elapsed;
        string imported = await AuditDigest.LayersAsync(new SqliteStore(reference));
        SqliteConnection.ClearAllPools();

        int killed = 0;
        for (int k = 1; k <= 8; k++)
        {
            using (var child = ChildHaven.Start("import", ReferenceData.Folder!, "--db", db))
            {
                await Task.Delay(full * k / 9);
                if (!child.HasExited)
                {
                    child.Kill();
                    killed++;
                }

                await child.WaitForExitAsync();
            }

            SqliteConnection.ClearAllPools();
            string now = await AuditDigest.LayersAsync(store);
            var audit = (await store.GetAuditAsync()).Where(a => a.Action == "import layers").ToList();
            if (now == empty)
            {
                Assert.Empty(audit);
                continue;
            }

            Assert.Equal(imported, now);
            var row = Assert.Single(audit);
            Assert.Equal(now, row.After);
            Assert.Equal(empty, row.Before);
            break; // the import landed whole, with its audit row: later runs would only add "0 added" rows
        }

        Assert.True(killed > 0, "no run was killed before it finished");
        SqliteConnection.ClearAllPools();
    }
}
