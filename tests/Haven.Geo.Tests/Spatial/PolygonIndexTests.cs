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

public class PolygonIndexPointTests
{
    private static readonly NetTopologySuite.IO.WKTReader Wkt = new();

    private static PolygonIndex<string> TwoSquares() => new(
    [
        ("west", Wkt.Read("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))")),
        ("east", Wkt.Read("POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))")),
    ]);

    [Fact]
    public void A_point_on_the_shared_edge_locates_to_the_first_added_polygon_every_time()
    {
        var index = TwoSquares();

        Assert.True(index.TryLocate(10, 5, out string first));
        Assert.Equal("west", first);
        Assert.Equal(["west", "east"], index.LocateAll(10, 5));
    }

    [Fact]
    public void A_point_on_an_outer_edge_or_corner_belongs_to_the_polygon()
    {
        var index = TwoSquares();

        Assert.True(index.TryLocate(20, 10, out string corner));
        Assert.Equal("east", corner);
        Assert.True(index.TryLocate(0, 3, out string edge));
        Assert.Equal("west", edge);
    }

    [Fact]
    public void A_point_in_a_hole_belongs_to_no_polygon()
    {
        var index = new PolygonIndex<int>([(1, Wkt.Read("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 6 4, 6 6, 4 6, 4 4))"))]);

        Assert.False(index.TryLocate(5, 5, out _));
        Assert.True(index.TryLocate(4, 5, out _)); // on the hole's edge: covered
    }
}
