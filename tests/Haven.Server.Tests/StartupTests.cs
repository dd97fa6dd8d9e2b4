using Haven.Workflows.Access;
using Haven.Workflows.Importers;
using Haven.Geo.Tests.Support;
using Haven.Planning.Aid;
using Haven.Storage;
using Haven.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Haven.Server.Tests;

public class StartupTests
{
    [Fact]
    public async Task The_demo_is_seeded_on_first_start_and_only_once()
    {
        using var first = new HavenServerFactory();
        _ = first.CreateClient();
        var seeded = await first.Services.GetRequiredService<IHavenStore>().GetBuildingsAsync();
        Assert.True(File.Exists(Path.Combine(first.DataDirectory, "haven.db")));
        Assert.NotEmpty(seeded);

        // A second server on the same folder, asked for another seed, finds the data there and keeps it.
        using var second = HavenServerFactory.OnFolder(first.DataDirectory, seed: 99);
        _ = second.CreateClient();
        var store = second.Services.GetRequiredService<IHavenStore>();

        Assert.Equal(seeded.Select(b => b.Id), (await store.GetBuildingsAsync()).Select(b => b.Id));
        Assert.Equal(1UL, (await store.GetScenarioAsync())!.Seed);
    }

    [Fact]
    public async Task Seeding_the_demo_is_recorded_in_the_audit_log_with_the_server_as_actor()
    {
        using var server = new HavenServerFactory();
        _ = server.CreateClient();

        var audit = await server.Services.GetRequiredService<IHavenStore>().GetAuditAsync();

        var seeded = Assert.Single(audit, a => a.Action == "import scenario");
        Assert.Equal("server (demo)", seeded.Actor);
        Assert.NotEqual(seeded.Before, seeded.After);
    }

    [ReferenceFact]
    public async Task Starting_on_a_store_of_real_layers_loads_no_demo_and_changes_no_record_or_audit_row()
    {
        string folder = Directory.CreateTempSubdirectory("haven-server-real-").FullName;
        var store = new SqliteStore(Path.Combine(folder, "haven.db"));
        await store.MigrateAsync();
        var (batches, _) = ReferenceImporter.ReadFolder(ReferenceData.Folder!);
        await Audited.LayersAsync(store, TimeProvider.System, "test", "import layers", "gaza", () => store.UpsertLayersAsync(batches), c => $"{c.Added} added");
        string digest = await AuditDigest.LayersAsync(store);
        var contents = await store.GetContentsAsync();
        int auditRows = (await store.GetAuditAsync()).Count;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        using (var server = HavenServerFactory.OnFolder(folder, seed: 1))
        {
            var client = server.CreateClient();
            var health = await client.GetAsync(new Uri("/health", UriKind.Relative));
            Assert.True(health.IsSuccessStatusCode);

            // The map's date control is given the span of the real orders, not told the store is empty.
            using var scenario = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/scenario", UriKind.Relative)));
            var orders = await store.GetOrdersAsync();
            Assert.Equal("Imported layers", scenario.RootElement.GetProperty("name").GetString());
            Assert.False(scenario.RootElement.GetProperty("synthetic").GetBoolean());
            Assert.Equal(orders.Min(o => o.EffectiveFrom).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                scenario.RootElement.GetProperty("firstDate").GetString());
        }

        Assert.Null(await store.GetScenarioAsync());
        Assert.Equal(contents, await store.GetContentsAsync());
        Assert.Equal(digest, await AuditDigest.LayersAsync(store));
        Assert.Equal(auditRows, (await store.GetAuditAsync()).Count);
        Assert.True(contents.Blocks > 500 && contents.Orders > 100, contents.Describe());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Starting_on_a_store_holding_only_a_planning_table_loads_no_demo()
    {
        string folder = Directory.CreateTempSubdirectory("haven-server-table-").FullName;
        var store = new SqliteStore(Path.Combine(folder, "haven.db"));
        await store.MigrateAsync();
        await store.SavePlanningTableAsync("crossings",
            $"{AidTables.CrossingHeader}\n{AidTables.CrossingTags}\nX1,Crossing (synthetic),معبر,34.3,31.2,synthetic\n");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        using (var server = HavenServerFactory.OnFolder(folder, seed: 1))
        {
            _ = server.CreateClient();
        }

        var contents = await store.GetContentsAsync();
        Assert.Null(contents.ScenarioName);
        Assert.Equal(0, contents.Buildings);
        Assert.Equal(1, contents.PlanningTables);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
