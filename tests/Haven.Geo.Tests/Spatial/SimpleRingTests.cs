using Haven.Geo.GeoJson;
using Haven.Geo.Spatial;
using Haven.Geo.Tests.Support;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace Haven.Geo.Tests.Spatial;

public class SimpleRingTests
{
    private static readonly GeometryFactory Factory = new();

    private static Polygon Ring(params (double X, double Y)[] points) =>
        Factory.CreatePolygon([.. points.Select(p => new Coordinate(p.X, p.Y)), new Coordinate(points[0].X, points[0].Y)]);

    [Fact]
    public void Every_random_ring_proven_valid_is_valid_to_IsValidOp_and_most_valid_ones_are_proven()
    {
        // Random rings on a coarse lattice, so touches, collinear edges, repeated vertices and crossings are common.
        var random = new Random(20261126);
        int proven = 0, valid = 0;
        for (int n = 0; n < 200_000; n++)
        {
            int vertices = random.Next(3, 9);
            var points = new (double, double)[vertices];
            for (int i = 0; i < vertices; i++)
            {
                points[i] = (random.Next(0, 5), random.Next(0, 5));
            }

            var polygon = Ring(points);
            bool isValid = new IsValidOp(polygon).IsValid;
            valid += isValid ? 1 : 0;
            if (SimpleRing.IsProvenValid(polygon))
            {
                proven++;
                Assert.True(isValid, $"proven valid but IsValidOp disagrees: {polygon}");
            }
        }

        Assert.True(valid > 5_000, $"only {valid} valid rings drawn");
        Assert.True(proven > valid / 2, $"{proven} of {valid} valid rings proven");
    }

    [ReferenceFact]
    public void Every_real_Gaza_block_proven_valid_is_valid_to_IsValidOp()
    {
        var read = GeoJsonReader.Read(ReferenceData.File("blocks.geojson"), new GeoJsonReadOptions { Repair = true }).Value;
        int proven = 0;
        foreach (var (_, feature) in read.Features)
        {
            foreach (var polygon in Polygons(feature.Geometry))
            {
                if (SimpleRing.IsProvenValid(polygon))
                {
                    proven++;
                    Assert.True(new IsValidOp(polygon).IsValid);
                }
            }
        }

        Assert.True(proven > 0);
    }

    [Theory]
    [InlineData("a rectangle", true, new double[] { 0, 0, 4, 0, 4, 2, 0, 2 })]
    [InlineData("a straight run of three collinear vertices", true, new double[] { 0, 0, 2, 0, 4, 0, 4, 2, 0, 2 })]
    [InlineData("a bow tie", false, new double[] { 0, 0, 4, 2, 4, 0, 0, 2 })]
    [InlineData("a spike folding back on its own edge", false, new double[] { 0, 0, 4, 0, 2, 0, 2, 2 })]
    [InlineData("a vertex touching another edge", false, new double[] { 0, 0, 4, 0, 4, 4, 2, 0, 0, 4 })]
    [InlineData("a vertex repeated", false, new double[] { 0, 0, 4, 0, 4, 0, 4, 2, 0, 2 })]
    [InlineData("three collinear points", false, new double[] { 0, 0, 1, 0, 2, 0 })]
    public void A_ring_is_proven_valid_only_when_it_is_simple(string shape, bool proven, double[] xy)
    {
        var polygon = Ring([.. Enumerable.Range(0, xy.Length / 2).Select(i => (xy[2 * i], xy[(2 * i) + 1]))]);
        Assert.True(SimpleRing.IsProvenValid(polygon) == proven, shape);
    }

    [Fact]
    public void A_polygon_with_a_hole_or_too_many_vertices_is_left_to_IsValidOp()
    {
        var shell = Factory.CreateLinearRing([new(0, 0), new(10, 0), new(10, 10), new(0, 10), new(0, 0)]);
        var hole = Factory.CreateLinearRing([new(2, 2), new(2, 4), new(4, 4), new(4, 2), new(2, 2)]);
        Assert.False(SimpleRing.IsProvenValid(Factory.CreatePolygon(shell, [hole])));
        var circle = (Polygon)Factory.CreatePoint(new Coordinate(0, 0)).Buffer(10, 32);
        Assert.True(circle.NumPoints > SimpleRing.MaxVertices + 1);
        Assert.False(SimpleRing.IsProvenValid(circle));
    }

    private static IEnumerable<Polygon> Polygons(Geometry g) => g switch
    {
        Polygon p => [p],
        MultiPolygon mp => mp.Geometries.Cast<Polygon>(),
        _ => [],
    };
}
