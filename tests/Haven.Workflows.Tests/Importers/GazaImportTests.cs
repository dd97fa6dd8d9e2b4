using Haven.Workflows.Layers;
using Haven.Workflows.Importers;
using Haven.Geo.Tests.Support;
using Haven.Protection.Lookup;
using Haven.Storage.Importers;
using Haven.Storage.Sqlite;

namespace Haven.Workflows.Tests.Importers;

/// <summary>The real Gaza layers imported once into a throwaway store, with the al-Mawasi area as a named zone.</summary>
public sealed class GazaStoreFixture : IDisposable
{
    private readonly TempFolder _tmp = new();

    public GazaStoreFixture()
    {
        if (ReferenceData.Folder is null)
        {
            return;
        }

        Store = new SqliteStore(_tmp.File("gaza.db"));
        Store.MigrateAsync().GetAwaiter().GetResult();
        (Batches, Skipped) = ReferenceImporter.ReadFolder(ReferenceData.Folder);
        Batches.RemoveAll(b => b.Kind == ReferenceLayerKind.Zone);
        var mawasi = ReferenceImporter.Read(ReferenceData.File("humanitarian_area_mawasi.geojson"), ReferenceLayerKind.Zone,
            new ImportOptions { ZoneId = "mawasi", NameEn = "al-Mawasi humanitarian area", NameAr = "منطقة المواصي الإنسانية", AsOf = new DateOnly(2023, 10, 18) }).Value;
        Batches.Add(mawasi);
        First = Store.UpsertLayersAsync(Batches).GetAwaiter().GetResult();
        Second = Store.UpsertLayersAsync(Batches).GetAwaiter().GetResult();
        Lookup = Store.LoadLookupAsync().GetAwaiter().GetResult();
    }

    public SqliteStore Store { get; } = null!;

    public List<LayerBatch> Batches { get; } = [];

    public List<string> Skipped { get; } = [];

    public UpsertCounts First { get; } = null!;

    public UpsertCounts Second { get; } = null!;

    public ProtectionLookup Lookup { get; } = null!;

    public LayerBatch Batch(string fileName) => Batches.Single(b => Path.GetFileName(b.File) == fileName);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _tmp.Dispose();
    }
}

/// <summary>The test classes that share one import of the real layers.</summary>
[CollectionDefinition(Name)]
public sealed class GazaStoreCollection : ICollectionFixture<GazaStoreFixture>
{
    public const string Name = "Gaza store";
}

[Collection(GazaStoreCollection.Name)]
public sealed class GazaImportTests(GazaStoreFixture gaza)
{
    [ReferenceFact]
    public void Every_layer_is_recognised_by_its_schema_and_the_damage_layers_are_skipped_with_a_reason()
    {
        Assert.Equal(ReferenceLayerKind.Governorates, gaza.Batch("governorates.geojson").Kind);
        Assert.Equal(ReferenceLayerKind.Municipalities, gaza.Batch("municipalities.geojson").Kind);
        Assert.Equal(ReferenceLayerKind.Blocks, gaza.Batch("blocks.geojson").Kind);
        Assert.Equal(ReferenceLayerKind.Orders, gaza.Batch("evacuation_orders.geojson").Kind);
        Assert.Equal(ReferenceLayerKind.Orders, gaza.Batch("IDF_zone_191025.geojson").Kind);
        Assert.Equal(ReferenceLayerKind.Health, gaza.Batch("health_facilities.geojson").Kind);
        Assert.Equal(ReferenceLayerKind.Places, gaza.Batch("places.geojson").Kind);
        Assert.Contains(gaza.Skipped, s => s.Contains("unosat_damage_sites_2023-11-07.geojson", StringComparison.Ordinal));
        Assert.Equal(5, gaza.Batch("governorates.geojson").Areas.Count);
        Assert.Equal("شمال غزة", gaza.Batch("governorates.geojson").Areas.Single(a => a.Pcode == "PS0255").NameAr);
    }

    [ReferenceFact]
    public void Importing_the_same_files_twice_changes_nothing()
    {
        Assert.True(gaza.First.Added > 1000, $"added {gaza.First.Added}");
        Assert.Equal(0, gaza.Second.Added);
        Assert.Equal(0, gaza.Second.Changed);
        Assert.Equal(gaza.First.Added + gaza.First.Changed + gaza.First.Unchanged, gaza.Second.Unchanged);
    }

    [ReferenceFact]
    public void The_quirky_rows_are_reported_with_file_feature_and_reason_and_the_rest_is_handled()
    {
        var oversized = gaza.Batch("IDF_zone_191025.geojson");
        var problem = Assert.Single(oversized.Problems);
        Assert.Equal(0, problem.Feature);
        Assert.Contains("block 9999 covers 194.5 km²", problem.Reason, StringComparison.Ordinal);
        Assert.Empty(oversized.Orders);

        var arcgis = gaza.Batch("evacuation_orders.geojson");
        Assert.Contains(arcgis.Problems, p => p.Reason.Contains("no date (Date is null)", StringComparison.Ordinal) && p.Feature == 0);
        Assert.True(arcgis.Quirks["dates as epoch milliseconds"] > 1000);
        Assert.True(arcgis.Quirks["status as codes 1/2"] > 1000);

        var byDate = gaza.Batch("IDF_zone_010724-210724_NEW.geojson");
        Assert.True(byDate.Quirks["block numbers written as decimals"] > 0);
        Assert.True(byDate.Quirks["dates in RFC 1123"] > 100);
        Assert.Contains(byDate.Problems, p => p.Reason.Contains("sub-block 89.2 declared safe", StringComparison.Ordinal));
        Assert.Contains(byDate.Orders, o => o.DeclaresSafe);
        Assert.Contains(byDate.Orders, o => !o.DeclaresSafe);
    }

    [ReferenceTheory]
    [InlineData(2023, 12, 1, null)]
    [InlineData(2024, 1, 15, "2023-12-04")]
    [InlineData(2024, 5, 20, null)]
    public void Block_40_is_under_evacuation_from_december_2023_until_it_is_declared_safe_in_may_2024(int y, int m, int d, string? since)
    {
        // Block 40: evacuation order of 4 December 2023; declared safe on the map of 6 May 2024.
        var answer = gaza.Lookup.ByBlock(40, new DateOnly(y, m, d));

        Assert.NotNull(answer);
        Assert.Equal(since, answer.UnderOrder?.Since.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var history = gaza.Lookup.Registry.BlockHistory(40);
        Assert.Equal(new DateOnly(2023, 12, 4), history[0].EffectiveFrom);
        Assert.False(history[0].DeclaresSafe);
    }

    [ReferenceFact]
    public void Known_places_fall_in_the_right_blocks_governorates_and_municipalities()
    {
        var asOf = new DateOnly(2024, 1, 15);
        var jabalia = gaza.Lookup.ByPlace("Jabalia", asOf);
        var khanYunis = gaza.Lookup.ByPlace("Khan Yunis", asOf);
        var maghazi = gaza.Lookup.ByPlace("al-Maghazi", asOf);

        Assert.Equal("PS0255", jabalia!.Value.Answer.Areas.Single(a => a.Level == 2).Pcode);
        Assert.Equal("PS0270", khanYunis!.Value.Answer.Areas.Single(a => a.Level == 2).Pcode);
        Assert.Equal("PS0265", maghazi!.Value.Answer.Areas.Single(a => a.Level == 2).Pcode);
        Assert.NotNull(jabalia.Value.Answer.Block);
        Assert.Contains(khanYunis.Value.Answer.Areas, a => a.Level == 3 && a.NameEn.Contains("Khan", StringComparison.OrdinalIgnoreCase));
        // A point on the Mediterranean is in no block and no governorate.
        var sea = gaza.Lookup.ByPoint(34.30, 31.45, asOf);
        Assert.Null(sea.Block);
        Assert.Empty(sea.Areas);
    }

    [ReferenceFact]
    public void The_same_place_in_arabic_and_in_english_gives_the_same_answer()
    {
        var asOf = new DateOnly(2024, 8, 20);
        foreach (var (en, ar) in new[] { ("Jabalia", "جباليا"), ("Nuseirat", "النصيرات"), ("Rafah", "رفح"), ("Al-Mawasi", "المواصي") })
        {
            var english = gaza.Lookup.ByPlace(en, asOf)!.Value.Answer;
            var arabic = gaza.Lookup.ByPlace(ar, asOf)!.Value.Answer;

            Assert.Equal(english.Block, arabic.Block);
            Assert.Equal(english.Areas.Select(a => a.Pcode), arabic.Areas.Select(a => a.Pcode));
            Assert.Equal(english.UnderOrder?.Id, arabic.UnderOrder?.Id);
            Assert.Equal(english.InZone?.Id, arabic.InZone?.Id);
        }
    }

    [ReferenceFact]
    public void Al_mawasi_is_inside_the_humanitarian_zone_from_its_start_and_a_gaza_city_point_is_told_how_far_it_is()
    {
        var mawasi = gaza.Lookup.ByPlace("المواصي", new DateOnly(2024, 1, 1))!.Value.Answer;
        var before = gaza.Lookup.ByPlace("Al-Mawasi", new DateOnly(2023, 10, 1))!.Value.Answer;
        var gazaCity = gaza.Lookup.ByPoint(34.4667, 31.5069, new DateOnly(2024, 1, 1));

        Assert.Equal("mawasi", mawasi.InZone?.Id);
        Assert.Null(before.InZone);
        Assert.Null(gazaCity.InZone);
        Assert.Equal("mawasi", gazaCity.NearestZone?.Id);
        Assert.InRange(gazaCity.NearestZone!.DistanceMetres, 10_000, 40_000);
        Assert.StartsWith("south", Compass.En(gazaCity.NearestZone.BearingDegrees), StringComparison.Ordinal);
        Assert.NotNull(gazaCity.NearestHealth);
    }
}
