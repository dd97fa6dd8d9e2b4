using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Haven.Demo;
using Haven.Storage;
using Haven.Workflows.Assessments;
using Microsoft.Extensions.DependencyInjection;
using NetTopologySuite.IO.VectorTiles.Mapbox;

namespace Haven.Server.Tests.Apis;

/// <summary>A UNOSAT damage-site layer (synthetic, placed in the Sample Strip's districts) stored beside the demo and served as of a date.</summary>
public sealed class DamageSitesApiTests : IDisposable
{
    private static readonly Lazy<SampleStripScenario> Expected = new(() => SampleStrip.Generate(new SampleStripOptions { Seed = 1 }));
    private readonly HavenServerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_stored_layer_is_served_as_of_a_date_as_geojson_in_tiles_and_in_the_dashboard_trends()
    {
        var areas = Expected.Value.Scenario.Areas.OrderBy(a => a.Pcode, StringComparer.Ordinal).ToList();
        var first = areas[0].Boundary.InteriorPoint;
        var second = areas[1].Boundary.InteriorPoint;
        string path = Path.Combine(_factory.DataDirectory, "synthetic-unosat.geojson");
        string Point(NetTopologySuite.Geometries.Point p, string classes) =>
            string.Create(CultureInfo.InvariantCulture, $"{{\"type\":\"Feature\",\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{p.X},{p.Y}]}},\"properties\":{{") + classes + "}}";
        // Two sites in the first district from 15 January 2024 (one moderate, later destroyed), one possible in the second from 1 February.
        await File.WriteAllTextAsync(path, $$"""
            {"type":"FeatureCollection","features":[
            {{Point(first, "\"cls_20240115\":3,\"cls_20240201\":1")}},
            {{Point(first, "\"cls_20240115\":2,\"cls_20240201\":2")}},
            {{Point(second, "\"cls_20240201\":4")}}]}
            """);
        var store = _factory.Services.GetRequiredService<IHavenStore>();
        var imported = await UnosatSites.ImportAsync(store, TimeProvider.System, "test", path, "synthetic");
        Assert.True(imported.Succeeded);
        var client = _factory.CreateClient();

        async Task<JsonElement> Json(string url)
        {
            var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return doc.RootElement.Clone();
        }

        var before = await Json("/api/layers/damage_sites?asOf=2024-01-14");
        var january = await Json("/api/layers/damage_sites?asOf=2024-01-20");
        var february = await Json("/api/layers/damage_sites?asOf=2024-02-05");

        Assert.Equal(0, before.GetProperty("features").GetArrayLength());
        Assert.Equal(["moderate", "severe"], january.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("damage").GetString()));
        Assert.Equal([("destroyed", "2024-02-01"), ("severe", "2024-02-01"), ("possible", "2024-02-01")], february.GetProperty("features").EnumerateArray()
            .Select(f => (f.GetProperty("properties").GetProperty("damage").GetString(), f.GetProperty("properties").GetProperty("read_on").GetString())));

        var tile = TilesApiTests.TileAt(first.X, first.Y, 14);
        string tileUrl(string asOf) => $"/tiles/damage_sites/14/{tile.X}/{tile.Y}.mvt?asOf={asOf}";
        Assert.Equal(HttpStatusCode.NoContent, (await client.GetAsync(new Uri(tileUrl("2024-01-14"), UriKind.Relative))).StatusCode);
        using var stream = new MemoryStream(await client.GetByteArrayAsync(new Uri(tileUrl("2024-02-05"), UriKind.Relative)));
        var decoded = new MapboxTileReader().Read(stream, tile);
        Assert.Equal(["destroyed", "severe"], Assert.Single(decoded.Layers).Features.Select(f => (string)f.Attributes["damage"]).Order(StringComparer.Ordinal));

        var trends = await Json("/api/planning/trends?from=2024-01-10&to=2024-02-10");
        (int?, string?) Unosat(string code, string date)
        {
            var row = trends.EnumerateArray().Single(r => r.GetProperty("code").GetString() == code && r.GetProperty("date").GetString() == date);
            return row.GetProperty("unosatDamaged").ValueKind == JsonValueKind.Null ? (null, null) : (row.GetProperty("unosatDamaged").GetInt32(), row.GetProperty("unosatDate").GetString());
        }

        // No UNOSAT figure before any site was seen in an area (not zero); possible damage is not counted as damaged.
        Assert.Equal((null, null), Unosat(areas[0].Pcode, "2024-01-10"));
        Assert.Equal((2, "2024-01-15"), Unosat(areas[0].Pcode, "2024-01-15"));
        Assert.Equal((null, null), Unosat(areas[1].Pcode, "2024-01-15"));
        Assert.Equal((2, "2024-02-01"), Unosat(areas[0].Pcode, "2024-02-10"));
        Assert.Equal((0, "2024-02-01"), Unosat(areas[1].Pcode, "2024-02-10"));
    }

    [Fact]
    public async Task An_analyst_imports_a_layer_over_http_once_a_different_body_under_its_id_is_a_409_until_replace_and_bad_input_is_a_problem()
    {
        var analyst = _factory.ClientWith(await _factory.KeyAsync(Haven.Storage.Access.Role.Analyst));
        var anonymous = _factory.CreateClient();
        static StringContent Body(string classes) => new("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[34.45,31.5]},\"properties\":{" + classes + "}}]}",
            System.Text.Encoding.UTF8, "application/geo+json");
        async Task<(HttpStatusCode Status, JsonElement Json)> Post(HttpClient client, string query, string classes)
        {
            var response = await client.PostAsync(new Uri($"/api/import/damage-sites{query}", UriKind.Relative), Body(classes));
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return (response.StatusCode, doc.RootElement.Clone());
        }

        var first = await Post(analyst, "?id=gaza-2023", "\"cls_20231107\":1");
        var again = await Post(analyst, "?id=gaza-2023", "\"cls_20231107\":1");
        var other = await Post(analyst, "?id=gaza-2023", "\"cls_20231107\":2");
        var replaced = await Post(analyst, "?id=gaza-2023&replace=true", "\"cls_20231107\":2");
        var noId = await Post(analyst, "", "\"cls_20231107\":1");
        var badClass = await Post(analyst, "?id=bad", "\"cls_20231107\":\"severe\"");
        var noKey = await anonymous.PostAsync(new Uri("/api/import/damage-sites?id=x", UriKind.Relative), Body("\"cls_20231107\":1"));

        Assert.Equal((HttpStatusCode.OK, 1), (first.Status, first.Json.GetProperty("layer").GetProperty("sites").GetInt32()));
        Assert.True(first.Json.GetProperty("sequence").GetInt64() > 0);
        Assert.Equal((HttpStatusCode.OK, 0L), (again.Status, again.Json.GetProperty("sequence").GetInt64()));
        Assert.Equal((HttpStatusCode.Conflict, "unosat.exists"), (other.Status, other.Json.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.True(replaced.Json.GetProperty("sequence").GetInt64() > first.Json.GetProperty("sequence").GetInt64());
        Assert.Equal((HttpStatusCode.BadRequest, "unosat.id"), (noId.Status, noId.Json.GetProperty("code").GetString()));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "unosat.class"), (badClass.Status, badClass.Json.GetProperty("code").GetString()));
        Assert.Contains("feature 0", badClass.Json.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        var stored = await anonymous.GetFromJsonAsync<JsonElement>(new Uri("/api/damage-site-layers", UriKind.Relative));
        Assert.Equal(("gaza-2023", "request body"), (stored[0].GetProperty("id").GetString(), stored[0].GetProperty("file").GetString()));
    }
}
