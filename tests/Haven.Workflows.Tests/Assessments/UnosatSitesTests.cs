using System.Text.Json.Nodes;
using Haven.Damage.Assessment;
using Haven.Damage.Unosat;
using Haven.Geo.GeoJson;
using Haven.Geo.Tests.Support;
using Haven.Workflows.Assessments;
using NetTopologySuite.Geometries;

namespace Haven.Workflows.Tests.Assessments;

public sealed class UnosatSitesTests : IDisposable
{
    private readonly TempFolder _tmp = new();

    public void Dispose() => _tmp.Dispose();

    [ReferenceFact]
    public async Task The_real_layer_counts_per_governorate_on_15_october_and_7_november_2023_agree_with_its_own_governorate_names()
    {
        string sites = ReferenceData.File("unosat_damage_sites_2023-11-07.geojson");
        var result = await UnosatSites.CountAsync(sites, ReferenceData.File("governorates.geojson"), store: null);

        var rows = result.Value.Select(r => r.Unosat).ToList();
        Assert.Equal([new DateOnly(2023, 10, 15), new DateOnly(2023, 11, 7)], rows.Select(r => r.Date).Distinct());
        Assert.DoesNotContain(rows, r => r.Code == "outside");
        // Every site read on a date is counted once: 13,571 on 15 October (14,106 were not yet seen), all 27,677 on 7 November.
        Assert.Equal(13_571, rows.Where(r => r.Date.Month == 10).Sum(r => r.Sites));
        Assert.Equal(27_677, rows.Where(r => r.Date.Month == 11).Sum(r => r.Sites));
        Assert.Equal(3_584 + 2_400 + 7_093, rows.Where(r => r.Date.Month == 10).Sum(r => r.Damaged));
        Assert.Equal(7_303 + 6_286 + 12_950, rows.Where(r => r.Date.Month == 11).Sum(r => r.Damaged));

        // The layer names each site's governorate itself ('gov'); Haven places them by location in OCHA's boundaries.
        // For every governorate and date the two differ by no more than the sites the layer left unnamed (353 on
        // 15 October, 780 on 7 November, two of them garbled) plus 3% for sites on a boundary.
        var named = JsonNode.Parse(File.ReadAllText(sites))!["features"]!.AsArray()
            .Select(f => f!["properties"]!)
            .Select(p => (Gov: p["gov"]?.GetValue<string>() ?? "", Oct: p["cls_20231015"]?.ToString(), Nov: p["cls_20231107"]?.ToString()))
            .ToList();
        var codes = new Dictionary<string, string> { ["North Gaza"] = "PS0255", ["Gaza"] = "PS0260", ["Deir al-Balah"] = "PS0265", ["Khan Yunis"] = "PS0270", ["Rafah"] = "PS0275" };
        int unnamedOctober = named.Count(s => !codes.ContainsKey(s.Gov) && s.Oct is { } c && c != "None");
        int unnamedNovember = named.Count(s => !codes.ContainsKey(s.Gov) && s.Nov is not null);
        Assert.Equal((353, 780), (unnamedOctober, unnamedNovember));
        foreach (var (gov, code) in codes)
        {
            int october = named.Count(s => s.Gov == gov && s.Oct is { } c && c != "None");
            int november = named.Count(s => s.Gov == gov && s.Nov is not null);
            Assert.InRange(rows.Single(r => r.Code == code && r.Date.Month == 10).Sites, october * 0.97 - unnamedOctober, (october * 1.03) + unnamedOctober);
            Assert.InRange(rows.Single(r => r.Code == code && r.Date.Month == 11).Sites, november * 0.97 - unnamedNovember, (november * 1.03) + unnamedNovember);
        }
    }

    [Fact]
    public void The_wide_unosat_layout_reads_each_sensor_date_with_its_class()
    {
        string path = _tmp.File("wide.geojson");
        File.WriteAllText(path, """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","geometry":{"type":"Point","coordinates":[34.45,31.50]},
               "properties":{"SensorDate":"2023-10-15","Main_Damage_Site_Class":3,"SensorDate_2":"2023/11/07","Main_Damage_Site_Class_2":1}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[34.46,31.51]},
               "properties":{"SensorDate":"","Main_Damage_Site_Class":null,"SensorDate_2":1699315200000,"Main_Damage_Site_Class_2":"2"}}
            ]}
            """);
        var read = GeoJsonReader.Read(path).Value;

        var sites = DamageSites.Read(read.Features, path).Value;
        var area = new AssessmentArea("A", "Area A", new GeometryFactory().ToGeometry(new Envelope(34.4, 34.5, 31.4, 31.6)));
        var counts = DamageSites.Count(sites, [area]);

        Assert.Equal([(new DateOnly(2023, 10, 15), 3), (new DateOnly(2023, 11, 7), 1)], sites[0].Classes);
        Assert.Equal([(new DateOnly(2023, 11, 7), 2)], sites[1].Classes);
        Assert.Equal((1, 0, 0, 1), counts.Where(c => c.Date.Month == 10).Select(c => (c.Sites, c.Destroyed, c.Severe, c.Moderate)).Single());
        Assert.Equal((2, 1, 1, 0), counts.Where(c => c.Date.Month == 11).Select(c => (c.Sites, c.Destroyed, c.Severe, c.Moderate)).Single());
    }

    [Fact]
    public void A_class_that_is_not_a_number_is_refused_naming_the_feature_and_property()
    {
        string path = _tmp.File("bad.geojson");
        File.WriteAllText(path, """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","geometry":{"type":"Point","coordinates":[34.45,31.50]},"properties":{"cls_20231015":"3"}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[34.45,31.50]},"properties":{"cls_20231015":"severe"}}
            ]}
            """);

        var sites = DamageSites.Read(GeoJsonReader.Read(path).Value.Features, path);

        Assert.False(sites.Succeeded);
        Assert.Equal("unosat.class", sites.Problem!.Code);
        Assert.Contains("feature 1: property 'cls_20231015' is 'severe'", sites.Problem.Message, StringComparison.Ordinal);
    }

    private string Layer(string name, params (double X, string Classes)[] sites)
    {
        string path = _tmp.File(name);
        File.WriteAllText(path, "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", sites.Select(s =>
            $"{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{s.X.ToString(System.Globalization.CultureInfo.InvariantCulture)},0.5]}},\"properties\":{{{s.Classes}}}}}")) + "]}");
        return path;
    }

    [Fact]
    public async Task An_imported_layer_is_audited_once_an_identical_import_changes_nothing_and_another_file_is_refused_unless_replacing()
    {
        var store = new Haven.Storage.Sqlite.SqliteStore(_tmp.File("u.db"));
        await store.MigrateAsync();
        var time = TimeProvider.System;
        string first = Layer("first.geojson", (0.5, "\"cls_20231015\":\"3\",\"cls_20231107\":1"), (0.6, "\"cls_20231107\":2"));
        string other = Layer("other.geojson", (0.5, "\"cls_20231107\":1"));

        var imported = await UnosatSites.ImportAsync(store, time, "test", first, "gaza-2023");
        var again = await UnosatSites.ImportAsync(store, time, "test", first, "gaza-2023");
        var refused = await UnosatSites.ImportAsync(store, time, "test", other, "gaza-2023");
        var audit = await store.GetAuditAsync();

        Assert.Equal(("gaza-2023", 2), (imported.Value.Layer.Id, imported.Value.Layer.Sites));
        Assert.True(imported.Value.Sequence > 0);
        Assert.Equal(0, again.Value.Sequence);
        Assert.Equal("unosat.exists", refused.Problem!.Code);
        Assert.Contains("first.geojson", refused.Problem.Message, StringComparison.Ordinal);
        Assert.Equal("first.geojson", Assert.Single(await store.ListDamageSiteLayersAsync()).File);
        var row = Assert.Single(audit);
        Assert.Equal(("import damage sites", "damage-site layer gaza-2023", "imported 2 sites read on 2023-10-15, 2023-11-07 from first.geojson"), (row.Action, row.Target, row.Detail));

        var replaced = await UnosatSites.ImportAsync(store, time, "test", other, "gaza-2023", replace: true);

        Assert.True(replaced.Value.Sequence > imported.Value.Sequence);
        Assert.Equal(("other.geojson", 1), (await store.ListDamageSiteLayersAsync()).Select(l => (l.File, l.Sites)).Single());
        Assert.StartsWith("replaced 1 sites", (await store.GetAuditAsync())[^1].Detail, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public void As_of_a_date_each_area_takes_the_layer_read_most_recently_and_has_no_figure_before_any_site_was_seen_there()
    {
        var f = new GeometryFactory(new PrecisionModel(), 4326);
        var west = new AssessmentArea("W", "West", f.ToGeometry(new Envelope(0, 1, 0, 1)));
        var east = new AssessmentArea("E", "East", f.ToGeometry(new Envelope(1, 2, 0, 1)));
        DamageSite Site(int i, double x, params (DateOnly, int)[] c) => new(i, f.CreatePoint(new Coordinate(x, 0.5)), c);
        var oct = new DateOnly(2023, 10, 15);
        var nov = new DateOnly(2023, 11, 7);
        var jan = new DateOnly(2024, 1, 6);
        // The first layer read both areas in October and November; a later one re-read only the west in January.
        LayerDamageSite[] sites =
        [
            new("first", Site(0, 0.2, (oct, 3), (nov, 1))), new("first", Site(1, 1.5, (nov, 2))),
            new("later", Site(0, 0.3, (jan, 1))), new("later", Site(1, 0.4, (jan, 1))), new("later", Site(2, 0.5, (jan, 3))),
        ];

        var figures = UnosatSites.AsOf(sites, [west, east], [oct.AddDays(-1), oct.AddDays(1), nov, jan.AddDays(1)]);

        Assert.Equal(
            [
                (oct.AddDays(1), "W", oct, 1, "first"),
                (nov, "E", nov, 1, "first"),
                (nov, "W", nov, 1, "first"),
                (jan.AddDays(1), "E", nov, 1, "first"),
                (jan.AddDays(1), "W", jan, 3, "later"),
            ],
            figures.Select(x => (x.AsOf, x.Counts.Code, x.Counts.Date, x.Counts.Damaged, x.Layer)));
    }
}
