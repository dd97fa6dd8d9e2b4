using Haven.Geo.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Haven.Geo.Tests.Spatial;

public class PolygonIndexTests
{
    private static readonly WKTReader Wkt = new();

    private static PolygonIndex<string> TwoSquares() => new(
    [
        ("west", Wkt.Read("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")),
        ("east", Wkt.Read("POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))")),
    ]);

    [Fact]
    public void Point_inside_one_polygon_belongs_to_it_alone() =>
        Assert.Equal(["east"], TwoSquares().Containing(Wkt.Read("POINT (15 5)")));

    [Fact]
    public void Point_on_a_shared_edge_is_covered_by_both_and_resolves_to_the_first_added()
    {
        var index = TwoSquares();
        var onEdge = Wkt.Read("POINT (10 5)");

        Assert.Equal(["west", "east"], index.Containing(onEdge));
        Assert.True(index.TryFirst(onEdge, out string first));
        Assert.Equal("west", first);
    }

    [Fact]
    public void Point_outside_every_polygon_belongs_to_none() =>
        Assert.False(TwoSquares().TryFirst(Wkt.Read("POINT (25 5)"), out _));

    [Fact]
    public void Polygons_that_only_touch_do_not_overlap()
    {
        var index = TwoSquares();

        Assert.Equal(["west"], index.Overlapping(Wkt.Read("POLYGON ((1 1, 10 1, 10 9, 1 9, 1 1))")));
        Assert.Equal(["west", "east"], index.Overlapping(Wkt.Read("POLYGON ((9 1, 11 1, 11 9, 9 9, 9 1))")));
    }
}
