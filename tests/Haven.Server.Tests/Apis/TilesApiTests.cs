using System.Net;
using System.Text.Json;
using Haven.Demo;
using NetTopologySuite.IO.VectorTiles.Mapbox;

namespace Haven.Server.Tests.Apis;

public class TilesApiTests(HavenServerFactory factory) : IClassFixture<HavenServerFactory>
{
    private static readonly Lazy<SampleStripScenario> Expected = new(() => SampleStrip.Generate(new SampleStripOptions { Seed = 1 }));

    /// <summary>The web-mercator tile holding a point at a zoom.</summary>
    internal static NetTopologySuite.IO.VectorTiles.Tiles.Tile TileAt(double lon, double lat, int z)
    {
        int n = 1 << z;
        int x = (int)Math.Floor((lon + 180) / 360 * n);
        double rad = lat * Math.PI / 180;
        int y = (int)Math.Floor((1 - Math.Log(Math.Tan(rad) + 1 / Math.Cos(rad)) / Math.PI) / 2 * n);
        return new NetTopologySuite.IO.VectorTiles.Tiles.Tile(x, y, z);
    }

    private async Task<NetTopologySuite.IO.VectorTiles.VectorTile> Get(string layer, NetTopologySuite.IO.VectorTiles.Tiles.Tile t, string asOf)
    {
        var response = await factory.CreateClient().GetAsync(new Uri($"/tiles/{layer}/{t.Zoom}/{t.X}/{t.Y}.mvt?asOf={asOf}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return new MapboxTileReader().Read(stream, t);
    }

    [Fact]
    public async Task A_building_tile_holds_the_buildings_there_with_their_block_and_damage_state()
    {
        var building = Expected.Value.Scenario.Buildings[500];
        var centre = building.Footprint.Centroid;
        var tile = TileAt(centre.X, centre.Y, 15);

        var decoded = await Get("buildings", tile, "2024-02-01");

        var layer = Assert.Single(decoded.Layers);
        Assert.Equal("buildings", layer.Name);
        var feature = layer.Features.Single(f => Convert.ToString(f.Attributes["id"], System.Globalization.CultureInfo.InvariantCulture) == building.Id);
        Assert.Equal(building.Block, Convert.ToInt32(feature.Attributes["block"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("not assessed", feature.Attributes["damage"]);
        Assert.True(feature.Geometry.Centroid.Distance(centre) < 0.0005, "the decoded footprint lies where the building is");
        int expected = Expected.Value.Scenario.Buildings.Count(b => b.Footprint.EnvelopeInternal.Intersects(new NetTopologySuite.Geometries.Envelope(tile.Left, tile.Right, tile.Bottom, tile.Top)));
        Assert.InRange(layer.Features.Count, expected - expected / 20, expected);
    }

    [Fact]
    public async Task A_block_tile_marks_blocks_under_evacuation_as_of_the_date()
    {
        var order = Expected.Value.Scenario.Orders.Where(o => !o.DeclaresSafe).OrderBy(o => o.EffectiveFrom).First();
        var block = Expected.Value.Scenario.Blocks.Single(b => b.Number == order.Blocks[0]);
        var p = block.Boundary.InteriorPoint;
        var tile = TileAt(p.X, p.Y, 13);
        string Status(NetTopologySuite.IO.VectorTiles.VectorTile t) =>
            (string)t.Layers.Single().Features.Single(f => Convert.ToInt32(f.Attributes["block"], System.Globalization.CultureInfo.InvariantCulture) == block.Number).Attributes["status"];

        var before = await Get("blocks", tile, order.EffectiveFrom.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var during = await Get("blocks", tile, order.EffectiveFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal("clear", Status(before));
        Assert.Equal("evacuation", Status(during));
    }

    [Theory]
    [InlineData("/tiles/buildings/9/300/200.mvt", "tiles.zoom")]
    [InlineData("/tiles/buildings/18/300/200.mvt", "tiles.zoom")]
    [InlineData("/tiles/roads/14/300/200.mvt", "tiles.layer")]
    [InlineData("/tiles/blocks/10/1024/10.mvt", "tiles.range")]
    [InlineData("/tiles/blocks/10/10/10.png", "tiles.range")]
    public async Task Tiles_outside_the_zooms_layers_or_grid_are_404_problems(string url, string code)
    {
        var response = await factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, doc.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_empty_tile_is_204()
    {
        var response = await factory.CreateClient().GetAsync(new Uri("/tiles/buildings/12/0/0.mvt", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
