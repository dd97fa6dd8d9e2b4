using Haven.Workflows.Access;
using Haven.Workflows.Layers;
using Haven.Storage.Access;
using Haven.Damage.Assessment;
using Haven.Protection.Publication;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using Haven.Storage.Assessments;
using Haven.Storage.Importers;
using Haven.Storage.Scenarios;
using Haven.Workflows.Tests.Assessments;
using NetTopologySuite.Geometries;

namespace Haven.Storage.Tests.Contract;

/// <summary>
/// What every store must do, whichever database holds it. Each store runs these same tests: SQLite in a
/// throwaway file, PostGIS in a throwaway schema.
/// </summary>
public abstract class StoreContract(SampleStripAssessmentFixture fixture) : IAsyncLifetime
{
    private static readonly GeometryFactory F = new(new PrecisionModel(), 4326);
    private readonly List<Func<Task>> _cleanup = [];

    /// <summary>A new, empty store (not migrated) and what removes it.</summary>
    protected abstract Task<(IHavenStore Store, Func<Task> Drop)> CreateAsync();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var drop in _cleanup)
        {
            await drop();
        }
    }

    private async Task<IHavenStore> EmptyStore()
    {
        var (store, drop) = await CreateAsync();
        _cleanup.Add(drop);
        await store.MigrateAsync();
        return store;
    }

    private async Task<IHavenStore> LoadedStore()
    {
        var store = await EmptyStore();
        await store.ImportScenarioAsync(fixture.Generated.Scenario);
        return store;
    }

    [SkippableFact]
    public async Task Migrating_twice_keeps_the_schema_version_and_an_empty_store_has_no_scenario()
    {
        var (store, drop) = await CreateAsync();
        _cleanup.Add(drop);

        int first = await store.MigrateAsync();
        int second = await store.MigrateAsync();

        Assert.Equal(first, second);
        Assert.True(first >= 1);
        Assert.Null(await store.GetScenarioAsync());
        Assert.Empty(await store.GetBuildingsAsync());
    }

    [SkippableFact]
    public async Task Every_layer_reads_back_as_imported_and_importing_again_changes_nothing()
    {
        var store = await LoadedStore();
        await store.ImportScenarioAsync(fixture.Generated.Scenario);
        var s = fixture.Generated.Scenario;

        Assert.Equal(s.Info, await store.GetScenarioAsync());
        var areas = await store.GetAreasAsync();
        Assert.Equal(s.Areas.OrderBy(a => a.Pcode, StringComparer.Ordinal).Select(a => (a.Pcode, a.NameEn, a.NameAr, a.Level, a.ParentPcode)),
            areas.Select(a => (a.Pcode, a.NameEn, a.NameAr, a.Level, a.ParentPcode)));
        Assert.True(s.Areas.Single(a => a.Pcode == areas[0].Pcode).Boundary.EqualsExact(areas[0].Boundary));
        Assert.Equal(s.Blocks.Select(b => (b.Number, b.AreaPcode)).Order(), (await store.GetBlocksAsync()).Select(b => (b.Number, b.AreaPcode)));
        var buildings = await store.GetBuildingsAsync();
        Assert.Equal(s.Buildings.Select(b => (b.Id, b.Block, b.AreaPcode, b.AreaM2)).OrderBy(b => b.Id, StringComparer.Ordinal),
            buildings.Select(b => (b.Id, b.Block, b.AreaPcode, b.AreaM2)).OrderBy(b => b.Id, StringComparer.Ordinal));
        Assert.True(s.Buildings[0].Footprint.EqualsExact(buildings.Single(b => b.Id == s.Buildings[0].Id).Footprint));
        Assert.Equal(4326, buildings[0].Footprint.SRID);
        var sites = await store.GetSitesAsync();
        Assert.Equal(s.Sites.OrderBy(x => x.Id, StringComparer.Ordinal).Select(x => (x.Id, x.Kind, x.Status, x.StatusSince)), sites.Select(x => (x.Id, x.Kind, x.Status, x.StatusSince)));
        var zones = await store.GetZonesAsync();
        Assert.Equal(s.Zones.Select(z => (z.Id, z.Version, z.ValidFrom, z.ValidTo)), zones.Select(z => (z.Id, z.Version, z.ValidFrom, z.ValidTo)));
        var orders = await store.GetOrdersAsync();
        Assert.Equal(s.Orders.OrderBy(o => o.EffectiveFrom).ThenBy(o => o.Id, StringComparer.Ordinal).Select(o => (o.Id, o.IssuedAt, o.LiftedOn, o.DeclaresSafe, o.Blocks.Distinct().Count())),
            orders.Select(o => (o.Id, o.IssuedAt, o.LiftedOn, o.DeclaresSafe, o.Blocks.Count)));
        Assert.Equal(s.Population.OrderBy(p => p.Date).ThenBy(p => p.AreaPcode, StringComparer.Ordinal), await store.GetPopulationAsync());
    }

    [SkippableFact]
    public async Task A_bounding_box_query_returns_exactly_the_buildings_whose_boxes_meet_it()
    {
        var store = await LoadedStore();
        var box = new Envelope(fixture.Generated.Scenario.Buildings[100].Footprint.EnvelopeInternal);
        box.ExpandBy(0.002);

        var hits = await store.GetBuildingsAsync(box);

        var expected = fixture.Generated.Scenario.Buildings.Where(b => b.Footprint.EnvelopeInternal.Intersects(box)).Select(b => b.Id).Order(StringComparer.Ordinal);
        Assert.Equal(expected, hits.Select(b => b.Id).Order(StringComparer.Ordinal));
        Assert.InRange(hits.Count, 2, 5_000);
    }

    [SkippableFact]
    public async Task Orders_and_zones_are_published_as_of_a_date()
    {
        var catalog = new LayerCatalog(await LoadedStore());

        Assert.Empty((await catalog.GetAsync("orders", new DateOnly(2023, 10, 12)))!);
        Assert.Single((await catalog.GetAsync("orders", new DateOnly(2023, 10, 13)))!);
        Assert.Empty((await catalog.GetAsync("zones", new DateOnly(2023, 10, 1)))!);
        Assert.Single((await catalog.GetAsync("zones", new DateOnly(2023, 10, 18)))!);
        Assert.Null(await catalog.GetAsync("nonsense", new DateOnly(2024, 1, 1)));
    }

    [SkippableFact]
    public async Task A_scenario_that_breaks_a_reference_is_refused_whole_and_the_one_before_stays()
    {
        var store = await LoadedStore();
        var good = fixture.Generated.Scenario;
        var orphan = good.Buildings[^1] with { Id = "99999999", Block = 987_654 };
        var broken = good with { Buildings = [.. good.Buildings, orphan], Info = good.Info with { Name = "Broken" } };

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.ImportScenarioAsync(broken, replace: true));

        Assert.Equal(good.Info.Name, (await store.GetScenarioAsync())!.Name);
        Assert.Equal(good.Buildings.Count, (await store.GetBuildingsAsync()).Count);
        Assert.Equal(good.Areas.Count, (await store.GetAreasAsync()).Count);
    }

    [SkippableFact]
    public async Task A_scenario_is_refused_by_a_store_holding_other_layers_naming_what_it_holds_and_nothing_changes()
    {
        var store = await EmptyStore();
        await store.UpsertLayersAsync([Batch("open", 34.301)]);
        string before = await AuditDigest.LayersAsync(store);

        var refused = await store.ImportScenarioAsync(fixture.Generated.Scenario);

        Assert.Equal("store.not_empty", refused.Problem?.Code);
        Assert.Contains("1 site, 1 zone version (no scenario)", refused.Problem!.Message, StringComparison.Ordinal);
        Assert.Equal(before, await AuditDigest.LayersAsync(store));
        Assert.Null(await store.GetScenarioAsync());
    }

    [SkippableFact]
    public async Task A_scenario_replaces_other_layers_only_when_asked_and_loading_it_again_is_already_loaded()
    {
        var store = await EmptyStore();
        await store.UpsertLayersAsync([Batch("open", 34.301)]);

        var replaced = await store.ImportScenarioAsync(fixture.Generated.Scenario, replace: true);
        var again = await store.ImportScenarioAsync(fixture.Generated.Scenario);

        Assert.Equal(ScenarioLoad.Replaced, replaced.Value);
        Assert.Equal(ScenarioLoad.AlreadyLoaded, again.Value);
        Assert.DoesNotContain(await store.GetSitesAsync(), s => s.Id == "s1");
        Assert.Equal(fixture.Generated.Scenario.Sites.Count, (await store.GetSitesAsync()).Count);
    }

    [SkippableFact]
    public async Task An_empty_store_says_it_is_empty_and_a_loaded_one_counts_every_layer()
    {
        var empty = await EmptyStore();
        var loaded = await LoadedStore();
        var s = fixture.Generated.Scenario;

        Assert.True((await empty.GetContentsAsync()).IsEmpty);
        var contents = await loaded.GetContentsAsync();
        Assert.False(contents.IsEmpty);
        Assert.Equal((s.Areas.Count, s.Blocks.Count, s.Buildings.Count, s.Sites.Count, s.Orders.Count, s.Info.Name),
            ((int)contents.Areas, (int)contents.Blocks, (int)contents.Buildings, (int)contents.Sites, (int)contents.Orders, contents.ScenarioName));
    }

    [SkippableFact]
    public async Task An_audited_write_that_fails_after_changing_the_store_leaves_neither_the_change_nor_an_audit_row()
    {
        var store = await EmptyStore();

        await Assert.ThrowsAsync<InvalidOperationException>(() => Audited.LayersAsync<UpsertCounts>(store, TimeProvider.System, "test", "import layers", "synthetic",
            async () =>
            {
                await store.UpsertLayersAsync([Batch("open", 34.301)]);
                Assert.Single(await store.GetSitesAsync()); // seen inside the transaction
                throw new InvalidOperationException("failure after the write");
            }, c => "added"));

        Assert.Empty(await store.GetSitesAsync());
        Assert.Empty(await store.GetZonesAsync());
        Assert.Empty(await store.GetAuditAsync());
    }

    [SkippableFact]
    public async Task An_audited_write_commits_its_change_and_one_audit_row_whose_after_digest_is_the_stored_state()
    {
        var store = await EmptyStore();

        var (counts, sequence) = await Audited.LayersAsync(store, TimeProvider.System, "test", "import layers", "synthetic",
            () => store.UpsertLayersAsync([Batch("open", 34.301)]), c => $"{c.Added} added");

        Assert.Equal(2, counts.Added);
        var row = Assert.Single(await store.GetAuditAsync());
        Assert.Equal(sequence, row.Sequence);
        Assert.Equal(await AuditDigest.LayersAsync(store), row.After);
        Assert.NotEqual(row.Before, row.After);
    }

    private static LayerBatch Batch(string status, double zoneEdge)
    {
        var batch = new LayerBatch("synthetic.geojson", ReferenceLayerKind.Health);
        batch.Sites.Add(new Site("s1", SiteKind.Clinic, "Synthetic clinic", "عيادة تجريبية", F.CreatePoint(new Coordinate(34.3, 31.4)), status, new DateOnly(2024, 1, 1), "synthetic"));
        batch.Zones.Add(new Zone("z1", 1, "protected", "Synthetic zone", "منطقة تجريبية", new DateOnly(2024, zoneEdge > 34.305 ? 3 : 1, 1), null,
            F.CreatePolygon([new(34.30, 31.40), new(zoneEdge, 31.40), new(zoneEdge, 31.41), new(34.30, 31.40)]), "synthetic"));
        return batch;
    }

    [SkippableFact]
    public async Task A_changed_site_keeps_its_earlier_state_and_a_changed_zone_becomes_a_new_version()
    {
        var store = await EmptyStore();

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
        Assert.Empty(await store.GetSiteHistoryAsync("no-such-site"));
        var zones = await store.GetZonesAsync();
        Assert.Equal([1, 2], zones.Select(z => z.Version));
        Assert.Equal(new DateOnly(2024, 3, 1), zones[0].ValidTo);
        Assert.Null(zones[1].ValidTo);
    }

    [SkippableFact]
    public async Task Order_blocks_accumulate_across_files_and_a_repeat_changes_nothing()
    {
        var store = await EmptyStore();
        var order = new Protection.Orders.EvacuationOrder("o1", new DateTimeOffset(2024, 1, 2, 8, 30, 0, TimeSpan.FromHours(2)), new DateOnly(2024, 1, 2), null,
            [1, 2], "Evacuate", "إخلاء", "synthetic");
        LayerBatch With(params int[] blocks)
        {
            var b = new LayerBatch("orders.geojson", ReferenceLayerKind.Orders);
            b.Orders.Add(order with { Blocks = blocks });
            return b;
        }

        Assert.Equal(new UpsertCounts(1, 0, 0), await store.UpsertLayersAsync([With(1, 2)]));
        Assert.Equal(new UpsertCounts(0, 1, 0), await store.UpsertLayersAsync([With(2, 3)]));
        Assert.Equal(new UpsertCounts(0, 0, 1), await store.UpsertLayersAsync([With(1, 3)]));

        var stored = Assert.Single(await store.GetOrdersAsync());
        Assert.Equal([1, 2, 3], stored.Blocks);
        Assert.Equal(order.IssuedAt, stored.IssuedAt);
    }

    [SkippableFact]
    public async Task A_second_edition_of_the_block_map_is_kept_beside_the_main_one_and_its_orders_keep_their_edition()
    {
        var store = await EmptyStore();
        Geometry Square(double x) => F.ToGeometry(new Envelope(x, x + 0.01, 31.40, 31.41));
        var batch = new LayerBatch("blocks.geojson", ReferenceLayerKind.Blocks);
        batch.Blocks.Add(new Protection.Areas.Block(7, null, Square(34.30), "main map (synthetic)"));
        batch.Blocks.Add(new Protection.Areas.Block(7, null, Square(34.35), "2025 map (synthetic)") { Edition = "2025" });
        batch.Blocks.Add(new Protection.Areas.Block(8, null, Square(34.36), "2025 map (synthetic)") { Edition = "2025" });
        var orders = new LayerBatch("orders.csv", ReferenceLayerKind.Orders);
        orders.Orders.Add(new Protection.Orders.EvacuationOrder("rows-2025-05-19", new DateTimeOffset(2025, 5, 19, 0, 0, 0, TimeSpan.Zero), new DateOnly(2025, 5, 19), null,
            [7, 8], "Evacuation order", "أمر إخلاء", "synthetic") { Edition = "2025" });

        Assert.Equal(new UpsertCounts(4, 0, 0), await store.UpsertLayersAsync([batch, orders]));
        Assert.Equal(new UpsertCounts(0, 0, 4), await store.UpsertLayersAsync([batch, orders]));

        var main = Assert.Single(await store.GetBlocksAsync());
        Assert.Equal((7, "", "main map (synthetic)", 34.30), (main.Number, main.Edition, main.Source, main.Boundary.EnvelopeInternal.MinX));
        var other = await store.GetBlockEditionsAsync();
        Assert.Equal([("2025", 7, 34.35), ("2025", 8, 34.36)], other.Select(b => (b.Edition, b.Number, Math.Round(b.Boundary.EnvelopeInternal.MinX, 2))));
        var order = Assert.Single(await store.GetOrdersAsync());
        Assert.Equal("2025", order.Edition);
        Assert.Equal([7, 8], order.Blocks);
    }

    [SkippableFact]
    public async Task The_ledger_takes_only_the_next_entry_and_reads_back_exactly()
    {
        var store = await EmptyStore();
        using var keys = new Geo.Tests.Support.TempFolder();
        var key = PublicationKey.LoadOrCreate(keys.File("publication.key"));
        var at = new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);
        var first = Ledger.Append(null, """{"synthetic":true}"""u8.ToArray(), at, key);
        var second = Ledger.Append(first, """{"synthetic":2}"""u8.ToArray(), at.AddDays(1), key);

        await store.AppendPublicationAsync(first);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.AppendPublicationAsync(first));
        await store.AppendPublicationAsync(second);

        var entries = await store.GetPublicationsAsync(withContent: true);
        Assert.Equal([first, second], entries);
        Assert.True(Ledger.Verify(Ledger.Export(second, [first]), key.PublicKeyBase64).Valid);
        Assert.All(await store.GetPublicationsAsync(), e => Assert.Equal("", e.Content));
    }

    [SkippableFact]
    public async Task Keys_keep_only_their_salted_hash_and_a_revoked_one_no_longer_matches()
    {
        var store = await EmptyStore();
        var at = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var (record, key) = Haven.Workflows.Access.ApiKeys.Create(Access.Role.Coordinator, "synthetic", at);
        Assert.True(Haven.Workflows.Access.ApiKeys.TryParse(key, out string id, out string secret));

        await store.AddApiKeyAsync(record);
        var stored = await store.GetApiKeyAsync(id);

        Assert.Equal(record, stored);
        Assert.DoesNotContain(secret, stored!.Hash + stored.Salt, StringComparison.Ordinal);
        Assert.True(Haven.Workflows.Access.ApiKeys.Matches(stored, secret));
        Assert.False(Haven.Workflows.Access.ApiKeys.Matches(stored, secret[..^1] + (secret[^1] == 'A' ? 'B' : 'A')));
        Assert.True(await store.RevokeApiKeyAsync(id, at.AddDays(1)));
        Assert.False(await store.RevokeApiKeyAsync(id, at.AddDays(2)));
        Assert.False(Haven.Workflows.Access.ApiKeys.Matches((await store.GetApiKeyAsync(id))!, secret));
        Assert.Equal(at.AddDays(1), Assert.Single(await store.ListApiKeysAsync()).RevokedAt);
        Assert.Null(await store.GetApiKeyAsync("0000000000000000"));
    }

    [SkippableFact]
    public async Task The_audit_log_numbers_writes_in_order_and_pages_after_a_sequence()
    {
        var store = await EmptyStore();
        var at = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
        long first = await store.AppendAuditAsync(new Access.AuditEntry(0, at, "cli:test", "import layers", "blocks.geojson", null, new string('a', 64), "3 added"));
        long second = await store.AppendAuditAsync(new Access.AuditEntry(0, at.AddMinutes(1), "key:ab (admin)", "key revoke", "ab", new string('b', 64), new string('c', 64), "revoked"));

        var all = await store.GetAuditAsync();

        Assert.Equal([first, second], all.Select(e => e.Sequence));
        Assert.True(second > first);
        Assert.Equal(("cli:test", (string?)null, at), (all[0].Actor, all[0].Before, all[0].At));
        Assert.Equal([second], (await store.GetAuditAsync(after: first)).Select(e => e.Sequence));
        Assert.Single(await store.GetAuditAsync(limit: 1));
    }

    [SkippableFact]
    public async Task An_assessment_is_stored_whole_and_listed_with_its_area_results()
    {
        var store = await LoadedStore();
        var result = fixture.Run(null);
        var run = new AssessmentRun("a-contract", new DateTimeOffset(2024, 2, 1, 12, 0, 0, TimeSpan.Zero), "pwtt", fixture.Generated.Options.EventDate, 3.3,
            new Dictionary<string, object>(), [], result, fixture.Generated.Scenario.Buildings.ToDictionary(b => b.Id, b => (Geometry)b.Footprint), new Dictionary<string, double>(), true);

        await store.SaveAssessmentAsync(run);
        await store.SaveAssessmentAsync(run);

        var listed = Assert.Single(await store.ListAssessmentsAsync());
        Assert.Equal(("a-contract", run.CreatedAt, "pwtt"), (listed.Id, listed.CreatedAt, listed.Method));
        Assert.Equal(SampleStripAssessmentFixture.Inference, listed.InferenceDates);
        var areas = await store.GetAssessmentAreasAsync("a-contract");
        Assert.Equal(result.Areas.OrderBy(a => a.Inference).ThenBy(a => a.Code, StringComparer.Ordinal).Select(a => (a.Code, a.Inference, a.Structures, a.Damaged)),
            areas.Select(a => (a.Code, a.Inference, a.Structures, a.Damaged)));
        Assert.Equal(result.Areas.Sum(a => a.Share is double s && double.IsFinite(s) ? s : 0), areas.Sum(a => double.IsFinite(a.Share) ? a.Share : 0), 12);
        Assert.Empty(await store.GetAssessmentAreasAsync("no-such-run"));
    }

    [SkippableFact]
    public async Task A_damage_site_layer_reads_back_whole_is_kept_when_stored_again_and_replaced_only_when_asked()
    {
        var store = await EmptyStore();
        var october = new DateOnly(2023, 10, 15);
        var november = new DateOnly(2023, 11, 7);
        var at = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var first = new Haven.Damage.Unosat.DamageSiteLayer("unosat 2023-11-07", "sites.geojson", new string('a', 64), at,
        [
            new(0, F.CreatePoint(new Coordinate(34.45, 31.50)), [(october, 3), (november, 1)]),
            new(1, F.CreatePoint(new Coordinate(34.46, 31.51)), [(november, 2)]),
        ]);
        var second = first with { File = "other.geojson", Sha256 = new string('b', 64), Sites = [first.Sites[0]] };

        Assert.True(await store.SaveDamageSiteLayerAsync(first));
        Assert.False(await store.SaveDamageSiteLayerAsync(second));
        var kept = Assert.Single(await store.ListDamageSiteLayersAsync());
        var sites = await store.GetDamageSitesAsync();

        Assert.Equal(("unosat 2023-11-07", "sites.geojson", new string('a', 64), at, 2), (kept.Id, kept.File, kept.Sha256, kept.ImportedAt, kept.Sites));
        Assert.Equal([october, november], kept.Dates);
        Assert.Equal([(0, 34.45, 31.50, "2023-10-15:3,2023-11-07:1"), (1, 34.46, 31.51, "2023-11-07:2")],
            sites.Select(s => (s.Site.Index, s.Site.Location.Coordinate.X, s.Site.Location.Coordinate.Y, s.Site.ClassesText)));
        Assert.All(sites, s => Assert.Equal("unosat 2023-11-07", s.Layer));

        Assert.True(await store.SaveDamageSiteLayerAsync(second, replace: true));
        Assert.Equal(("other.geojson", 1), (await store.ListDamageSiteLayersAsync()).Select(l => (l.File, l.Sites)).Single());
        Assert.Equal([0], (await store.GetDamageSitesAsync()).Select(s => s.Site.Index));
    }
}

public sealed class SqliteStoreContract(SampleStripAssessmentFixture fixture) : StoreContract(fixture), IClassFixture<SampleStripAssessmentFixture>
{
    protected override Task<(IHavenStore Store, Func<Task> Drop)> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("haven-contract-").FullName;
        IHavenStore store = new Haven.Storage.Sqlite.SqliteStore(Path.Combine(folder, "haven.db"));
        return Task.FromResult<(IHavenStore, Func<Task>)>((store, () =>
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            return Task.CompletedTask;
        }));
    }
}

public sealed class PostgisStoreContract(SampleStripAssessmentFixture fixture) : StoreContract(fixture), IClassFixture<SampleStripAssessmentFixture>
{
    protected override async Task<(IHavenStore Store, Func<Task> Drop)> CreateAsync()
    {
        var (store, drop) = await TestPostgres.NewStoreAsync();
        return (store, drop);
    }
}
