using Haven.Storage.Layers;
using Haven.Storage.Sqlite;
using Haven.Storage.Tests.Demo;
using NetTopologySuite.Geometries;

namespace Haven.Storage.Tests.Sqlite;

public sealed class SqliteStoreTests(SampleStripFixture fixture) : IClassFixture<SampleStripFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("haven-sqlite-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<SqliteStore> LoadedStore()
    {
        var store = new SqliteStore(Path.Combine(_dir, "haven.db"));
        await store.MigrateAsync();
        await store.ImportScenarioAsync(fixture.Generated.Scenario);
        return store;
    }

    [Fact]
    public async Task Migrating_twice_keeps_the_schema_version()
    {
        var store = new SqliteStore(Path.Combine(_dir, "m.db"));

        int first = await store.MigrateAsync();
        int second = await store.MigrateAsync();

        Assert.Equal(first, second);
        Assert.True(first >= 1);
        Assert.Null(await store.GetScenarioAsync());
    }

    [Fact]
    public async Task Every_layer_reads_back_as_imported_and_importing_again_changes_nothing()
    {
        var store = await LoadedStore();
        await store.ImportScenarioAsync(fixture.Generated.Scenario);
        var s = fixture.Generated.Scenario;

        Assert.Equal(s.Info, await store.GetScenarioAsync());
        Assert.Equal(s.Areas.Select(a => (a.Pcode, a.NameAr)), (await store.GetAreasAsync()).Select(a => (a.Pcode, a.NameAr)));
        Assert.Equal(s.Blocks.Select(b => b.Number).Order(), (await store.GetBlocksAsync()).Select(b => b.Number));
        var buildings = await store.GetBuildingsAsync();
        Assert.Equal(s.Buildings.Count, buildings.Count);
        Assert.True(s.Buildings[0].Footprint.EqualsExact(buildings[0].Footprint));
        Assert.Equal(s.Sites.Count, (await store.GetSitesAsync()).Count);
        Assert.Equal(s.Zones.Count, (await store.GetZonesAsync()).Count);
        Assert.Equal(s.Orders.Select(o => o.Blocks.Count), (await store.GetOrdersAsync()).Select(o => o.Blocks.Count));
        Assert.Equal(s.Population.OrderBy(p => p.Date).ThenBy(p => p.AreaPcode), await store.GetPopulationAsync());
    }

    [Fact]
    public async Task A_bounding_box_query_returns_exactly_the_buildings_whose_boxes_meet_it()
    {
        var store = await LoadedStore();
        var box = Around(fixture.Generated.Scenario.Buildings[100].Footprint.EnvelopeInternal);

        var hits = await store.GetBuildingsAsync(box);

        var expected = fixture.Generated.Scenario.Buildings.Where(b => b.Footprint.EnvelopeInternal.Intersects(box)).Select(b => b.Id);
        Assert.Equal(expected, hits.Select(b => b.Id));
        Assert.InRange(hits.Count, 2, 5_000);
    }

    [Fact]
    public async Task Orders_and_zones_are_published_as_of_a_date()
    {
        var catalog = new LayerCatalog(await LoadedStore());

        Assert.Empty((await catalog.GetAsync("orders", new DateOnly(2023, 10, 12)))!);
        Assert.Single((await catalog.GetAsync("orders", new DateOnly(2023, 10, 13)))!);
        Assert.Equal(fixture.Generated.Scenario.Orders.Count, (await catalog.GetAsync("orders", new DateOnly(2024, 6, 1)))!.Count);
        Assert.Empty((await catalog.GetAsync("zones", new DateOnly(2023, 10, 1)))!);
        Assert.Single((await catalog.GetAsync("zones", new DateOnly(2023, 10, 18)))!);
        Assert.Null(await catalog.GetAsync("nonsense", new DateOnly(2024, 1, 1)));
    }

    private static Envelope Around(Envelope around)
    {
        var e = new Envelope(around);
        e.ExpandBy(0.002);
        return e;
    }
}
