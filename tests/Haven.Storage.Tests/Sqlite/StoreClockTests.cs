using Haven.Geo.Tests.Support;
using Haven.Protection.Sites;
using Haven.Storage.Importers;
using Haven.Storage.Sqlite;
using NetTopologySuite.Geometries;

namespace Haven.Storage.Tests.Sqlite;

public sealed class StoreClockTests
{
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task A_replaced_site_state_is_stamped_with_the_store_clock_not_the_machine_clock()
    {
        using var folder = new TempFolder();
        var at = new DateTimeOffset(2024, 3, 5, 6, 7, 8, TimeSpan.Zero);
        var store = new SqliteStore(folder.File("haven.db"), new FixedTime(at));
        await store.MigrateAsync();
        LayerBatch Site(string status)
        {
            var batch = new LayerBatch("synthetic.geojson", ReferenceLayerKind.Health);
            batch.Sites.Add(new Site("s1", SiteKind.Clinic, "Synthetic clinic", "عيادة", new GeometryFactory(new PrecisionModel(), 4326).CreatePoint(new Coordinate(34.3, 31.4)),
                status, new DateOnly(2024, 1, 1), "synthetic"));
            return batch;
        }

        await store.UpsertLayersAsync([Site("open")]);
        await store.UpsertLayersAsync([Site("closed")]);

        var history = await store.GetSiteHistoryAsync("s1");
        Assert.Equal(at, history[0].ReplacedAt);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
