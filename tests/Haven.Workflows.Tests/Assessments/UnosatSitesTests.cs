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
}
