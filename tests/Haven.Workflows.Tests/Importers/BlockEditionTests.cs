using System.Globalization;
using Haven.Geo.Tests.Support;
using Haven.Protection.Lookup;
using Haven.Storage.Importers;
using Haven.Storage.Sqlite;
using Haven.Workflows.Importers;
using Haven.Workflows.Layers;
using Haven.Workflows.PlanningAnswers;

namespace Haven.Workflows.Tests.Importers;

/// <summary>The real layers with OCHA's 2025 orders typed as (date, block) rows and the 2025 edition of the block map they name.</summary>
public sealed class Orders2025Fixture : IDisposable
{
    private readonly TempFolder _tmp = new();

    public Orders2025Fixture()
    {
        if (ReferenceData.Folder is null)
        {
            return;
        }

        Store = new SqliteStore(_tmp.File("gaza-2025.db"));
        Store.MigrateAsync().GetAwaiter().GetResult();
        var (batches, _) = ReferenceImporter.ReadFolder(ReferenceData.Folder);
        Store.UpsertLayersAsync(batches).GetAwaiter().GetResult();
        MainLookup = Store.LoadLookupAsync().GetAwaiter().GetResult();
        var edition = new ImportOptions { Edition = "2025" };
        Blocks = ReferenceImporter.Read(ReferenceData.File("orders_2025/gazanowpop_dash_population_blocks.geojson"), ReferenceLayerKind.Blocks, edition).Value;
        LayerChecks.Apply([Blocks], StoredReferences.LoadAsync(Store).GetAwaiter().GetResult());
        Store.UpsertLayersAsync([Blocks]).GetAwaiter().GetResult();
        Orders = ReferenceImporter.Read(ReferenceData.File("orders_2025/gazanowpop_evacuation_orders.csv"), ReferenceLayerKind.Orders, edition).Value;
        LayerChecks.Apply([Orders], StoredReferences.LoadAsync(Store).GetAwaiter().GetResult());
        Store.UpsertLayersAsync([Orders]).GetAwaiter().GetResult();
        Lookup = Store.LoadLookupAsync().GetAwaiter().GetResult();
    }

    public SqliteStore Store { get; } = null!;

    public LayerBatch Blocks { get; } = null!;

    public LayerBatch Orders { get; } = null!;

    /// <summary>The lookup before the 2025 edition and its orders were imported.</summary>
    public ProtectionLookup MainLookup { get; } = null!;

    public ProtectionLookup Lookup { get; } = null!;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _tmp.Dispose();
    }
}

public sealed class BlockEditionTests(Orders2025Fixture fixture) : IClassFixture<Orders2025Fixture>
{
    /// <summary>The order rows read without Haven: (date, block) per line.</summary>
    private static List<(DateOnly Date, int Block)> Rows() =>
        [.. File.ReadAllLines(ReferenceData.File("orders_2025/gazanowpop_evacuation_orders.csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Select(c => (DateOnly.ParseExact(c[0], "yyyy-MM-dd", CultureInfo.InvariantCulture), int.Parse(c[1], CultureInfo.InvariantCulture)))];

    [ReferenceFact]
    public async Task Both_editions_are_kept_with_their_sources_and_every_2025_row_joins_its_block_but_two_which_are_listed()
    {
        var rows = Rows();
        var editions = await fixture.Store.GetBlockEditionsAsync();
        var numbers = editions.Select(b => b.Number).ToHashSet();
        var orders = (await fixture.Store.GetOrdersAsync()).Where(o => o.Edition == "2025").ToList();

        Assert.Equal(603, (await fixture.Store.GetBlocksAsync()).Count);
        Assert.Equal(620, editions.Count);
        Assert.All(editions, b => Assert.Equal(("2025", "gazanowpop_dash_population_blocks.geojson (the 2025 block map)"), (b.Edition, b.Source)));
        Assert.Equal(1_764, rows.Count);
        // 1,762 rows join a block of the 2025 map; 1710 and 930 are in neither edition (slips in the transcription, most likely).
        Assert.Equal([(new DateOnly(2025, 5, 21), 1710), (new DateOnly(2025, 6, 24), 930)], rows.Where(r => !numbers.Contains(r.Block)));
        Assert.Equal(
            ["order gazanowpop_evacuation_orders-2025-05-21: block 1710 is not in the 2025 block map (620 blocks); the row is left out.",
             "order gazanowpop_evacuation_orders-2025-06-24: block 930 is not in the 2025 block map (620 blocks); the row is left out."],
            fixture.Orders.Problems.Select(p => p.Reason));
        Assert.Equal(rows.Select(r => r.Date).Distinct().Count(), orders.Count);
        foreach (var day in rows.Where(r => numbers.Contains(r.Block)).GroupBy(r => r.Date))
        {
            Assert.Equal(day.Select(r => r.Block).Order(), orders.Single(o => o.EffectiveFrom == day.Key).Blocks);
        }
    }

    [ReferenceFact]
    public async Task Every_point_of_a_2025_block_named_on_a_date_is_under_order_then_and_where_the_main_map_has_none_a_2025_order_naming_that_block_answers_and_never_before_2025()
    {
        var editions = (await fixture.Store.GetBlockEditionsAsync()).ToDictionary(b => b.Number);
        var orders = (await fixture.Store.GetOrdersAsync()).Where(o => o.Edition == "2025").OrderBy(o => o.EffectiveFrom).ToList();
        int decidedBy2025 = 0;
        foreach (var order in orders)
        {
            foreach (int n in order.Blocks)
            {
                var p = editions[n].Boundary.InteriorPoint;
                var answer = fixture.Lookup.ByPoint(p.X, p.Y, order.EffectiveFrom);
                Assert.NotNull(answer.UnderOrder);
                if (fixture.MainLookup.ByPoint(p.X, p.Y, order.EffectiveFrom).UnderOrder is null)
                {
                    // The order cited is the first of the block's unbroken run of 2025 orders: in force, naming this block.
                    Assert.Equal(("2025", (int?)n), (answer.UnderOrder!.Edition, answer.UnderOrder.EditionBlock));
                    var cited = orders.Single(o => o.Id == answer.UnderOrder.Id);
                    Assert.True(cited.EffectiveFrom <= order.EffectiveFrom && cited.Blocks.Contains(n), $"block {n} of 2025 on {order.EffectiveFrom}: {cited.Id}");
                    decidedBy2025++;
                }

                Assert.NotEqual("2025", fixture.Lookup.ByPoint(p.X, p.Y, new DateOnly(2024, 12, 31)).UnderOrder?.Edition);
            }
        }

        Assert.True(decidedBy2025 > 0, "some 2025 blocks had no order on the main map");
    }

    [ReferenceFact]
    public async Task The_area_under_order_and_the_orders_layer_on_a_2025_date_hold_every_2025_block_its_orders_name()
    {
        var day = new DateOnly(2025, 6, 4);
        var editions = (await fixture.Store.GetBlockEditionsAsync()).ToDictionary(b => b.Number);
        var named = (await fixture.Store.GetOrdersAsync()).Where(o => o.Edition == "2025" && o.EffectiveFrom <= day).SelectMany(o => o.Blocks).Distinct().ToList();
        var source = await PlanningSource.LoadAsync(fixture.Store);
        var scene = source.Value.On(day).Scene;
        var layer = await new LayerCatalog(fixture.Store).GetAsync("orders", day);

        Assert.NotEmpty(named);
        Assert.All(named, n => Assert.True(scene.UnderOrder!.Covers(editions[n].Boundary.InteriorPoint), $"2025 block {n}"));
        var drawn = layer!.Where(f => ((string)f.Attributes["id"]).StartsWith("gazanowpop_evacuation_orders-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(drawn);
        Assert.All(named, n => Assert.Contains(drawn, f => f.Geometry.Covers(editions[n].Boundary.InteriorPoint)));
    }
}
