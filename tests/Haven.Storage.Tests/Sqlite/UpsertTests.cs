using Haven.Geo.Tests.Support;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using Haven.Storage.Importers;
using Haven.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;

namespace Haven.Storage.Tests.Sqlite;

/// <summary>Upserts of layer records on synthetic values: sites keep their earlier states, zones gain versions.</summary>
public sealed class UpsertTests : IDisposable
{
    private static readonly GeometryFactory F = new(new PrecisionModel(), 4326);
    private readonly TempFolder _tmp = new();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _tmp.Dispose();
    }

    private static LayerBatch Batch(string status, double zoneEdge)
    {
        var batch = new LayerBatch("synthetic.geojson", ReferenceLayerKind.Health);
        batch.Sites.Add(new Site("s1", SiteKind.Clinic, "Synthetic clinic", "عيادة تجريبية", F.CreatePoint(new Coordinate(34.3, 31.4)), status, new DateOnly(2024, 1, 1), "synthetic"));
        batch.Zones.Add(new Zone("z1", 1, "protected", "Synthetic zone", "منطقة تجريبية", new DateOnly(2024, zoneEdge > 34.305 ? 3 : 1, 1), null,
            F.CreatePolygon([new(34.30, 31.40), new(zoneEdge, 31.40), new(zoneEdge, 31.41), new(34.30, 31.40)]), "synthetic"));
        return batch;
    }

    [Fact]
    public async Task A_changed_site_keeps_its_earlier_state_and_a_changed_zone_becomes_a_new_version()
    {
        var store = new SqliteStore(_tmp.File("upsert.db"));
        await store.MigrateAsync();

        var first = await store.UpsertLayersAsync([Batch("open", 34.30 + 0.001)]);
        var same = await store.UpsertLayersAsync([Batch("open", 34.30 + 0.001)]);
        var changed = await store.UpsertLayersAsync([Batch("closed", 34.31)]);

        Assert.Equal(new UpsertCounts(2, 0, 0), first);
        Assert.Equal(new UpsertCounts(0, 0, 2), same);
        Assert.Equal(new UpsertCounts(0, 2, 0), changed);
        var history = await store.GetSiteHistoryAsync("s1");
        Assert.Equal(["open", "closed"], history.Select(h => h.Status));
        Assert.NotNull(history[0].ReplacedAt);
        Assert.Null(history[1].ReplacedAt);
        var zones = await store.GetZonesAsync();
        Assert.Equal([1, 2], zones.Select(z => z.Version));
        Assert.Equal(new DateOnly(2024, 3, 1), zones[0].ValidTo);
    }
}
