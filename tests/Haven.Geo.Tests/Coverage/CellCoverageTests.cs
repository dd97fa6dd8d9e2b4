using Haven.Geo.Coverage;
using Haven.Geo.Rasters;
using Haven.Geo.Sampling;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Haven.Geo.Tests.Coverage;

public class CellCoverageTests
{
    private static readonly WKTReader Wkt = new();

    /// <summary>A 2 x 2 grid of unit cells covering [0, 2] x [0, 2].</summary>
    private static readonly RasterGrid TwoByTwo = new(2, 2, GeoTransform.NorthUp(0, 2, 1, 1), 32636);

    private static Dictionary<(int Row, int Column), double> Cover(string wkt, RasterGrid grid) =>
        CellCoverage.Compute(CoverageShape.From(Wkt.Read(wkt)), grid).ToDictionary(c => (c.Row, c.Column), c => c.Fraction);

    [Fact]
    public void A_unit_square_centred_on_a_2x2_grid_covers_a_quarter_of_each_cell()
    {
        var cover = Cover("POLYGON ((0.5 0.5, 1.5 0.5, 1.5 1.5, 0.5 1.5, 0.5 0.5))", TwoByTwo);

        Assert.Equal(4, cover.Count);
        Assert.All(cover.Values, f => Assert.Equal(0.25, f, 12));
    }

    [Fact]
    public void A_polygon_covering_the_grid_covers_every_cell_fully()
    {
        var cover = Cover("POLYGON ((-1 -1, 3 -1, 3 3, -1 3, -1 -1))", TwoByTwo);

        Assert.Equal(4, cover.Count);
        Assert.All(cover.Values, f => Assert.Equal(1, f, 12));
    }

    [Fact]
    public void A_triangle_over_the_lower_left_cell_covers_half_of_it()
    {
        // Lower-left cell is row 1, column 0: [0, 1] x [0, 1]; the triangle is its lower-right half.
        var cover = Cover("POLYGON ((0 0, 1 0, 1 1, 0 0))", TwoByTwo);

        Assert.Equal(0.5, Assert.Single(cover).Value, 12);
        Assert.Equal((1, 0), cover.Keys.Single());
    }

    [Fact]
    public void A_large_triangle_splits_across_cells_as_computed_by_hand()
    {
        // Triangle (0,0), (2,0), (0,2): the upper-right cell is untouched except its corner point.
        var cover = Cover("POLYGON ((0 0, 2 0, 0 2, 0 0))", TwoByTwo);

        Assert.Equal(1, cover[(1, 0)], 12);   // lower-left cell, fully inside
        Assert.Equal(0.5, cover[(1, 1)], 12); // lower-right cell, cut by the diagonal
        Assert.Equal(0.5, cover[(0, 0)], 12); // upper-left cell, cut by the diagonal
        Assert.False(cover.ContainsKey((0, 1)));
    }

    [Fact]
    public void A_hole_is_not_covered()
    {
        var cover = Cover("POLYGON ((0 0, 2 0, 2 2, 0 2, 0 0), (0.25 1.25, 0.75 1.25, 0.75 1.75, 0.25 1.75, 0.25 1.25))", TwoByTwo);

        Assert.Equal(0.75, cover[(0, 0)], 12);
        Assert.Equal(1, cover[(0, 1)], 12);
        Assert.Equal(1, cover[(1, 0)], 12);
        Assert.Equal(1, cover[(1, 1)], 12);
    }

    [Fact]
    public void A_polygon_partly_outside_the_raster_covers_only_cells_inside_it()
    {
        var cover = Cover("POLYGON ((1.5 -5, 9 -5, 9 0.5, 1.5 0.5, 1.5 -5))", TwoByTwo);

        Assert.Equal(0.25, Assert.Single(cover).Value, 12);
        Assert.Equal((1, 1), cover.Keys.Single());
    }

    [Fact]
    public void A_polygon_wholly_outside_the_raster_covers_nothing() =>
        Assert.Empty(Cover("POLYGON ((5 5, 6 5, 6 6, 5 6, 5 5))", TwoByTwo));

    [Fact]
    public void Clockwise_input_gives_the_same_answer_as_counter_clockwise() =>
        Assert.Equal(
            Cover("POLYGON ((0.2 0.3, 1.7 0.3, 1.1 1.9, 0.2 0.3))", TwoByTwo),
            Cover("POLYGON ((0.2 0.3, 1.1 1.9, 1.7 0.3, 0.2 0.3))", TwoByTwo));

    [Fact]
    public void A_multipolygon_sums_its_parts()
    {
        var cover = Cover("MULTIPOLYGON (((0 0, 0.5 0, 0.5 1, 0 1, 0 0)), ((1.5 1.5, 2 1.5, 2 2, 1.5 2, 1.5 1.5)))", TwoByTwo);

        Assert.Equal(0.5, cover[(1, 0)], 12);
        Assert.Equal(0.25, cover[(0, 1)], 12);
    }

    [Fact]
    public void Streaming_by_rows_gives_the_same_cells_as_one_pass()
    {
        var grid = new RasterGrid(50, 40, GeoTransform.NorthUp(0, 40, 1, 1), 32636);
        var shape = CoverageShape.From(Wkt.Read("POLYGON ((3.3 2.2, 44.1 7.9, 31.7 38.6, 9.4 30.1, 3.3 2.2), (15 15, 20 15, 20 20, 15 20, 15 15))"));

        var whole = CellCoverage.Compute(shape, grid);
        var pieces = Enumerable.Range(0, 4).SelectMany(i => CellCoverage.Compute(shape, grid, i * 10, i * 10 + 10)).ToList();

        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Fractions_match_the_area_of_the_exact_intersection_for_random_polygons()
    {
        var rng = new DeterministicRandom(11);
        var f = new GeometryFactory();
        var grid = new RasterGrid(12, 9, GeoTransform.NorthUp(100, 290, 10, 10), 32636);
        for (int trial = 0; trial < 40; trial++)
        {
            // A random star-shaped polygon, partly off the grid at times.
            double cx = rng.Uniform(90, 230), cy = rng.Uniform(190, 300);
            int n = rng.Next(3, 14);
            var ring = Enumerable.Range(0, n).Select(i =>
            {
                double a = 2 * Math.PI * i / n;
                double r = rng.Uniform(5, 60);
                return new Coordinate(cx + r * Math.Cos(a), cy + r * Math.Sin(a));
            }).ToList();
            ring.Add(ring[0].Copy());
            var polygon = f.CreatePolygon([.. ring]);
            var cover = CellCoverage.Compute(CoverageShape.From(polygon), grid).ToDictionary(c => (c.Row, c.Column), c => c.Fraction);

            for (int row = 0; row < grid.Height; row++)
            {
                for (int col = 0; col < grid.Width; col++)
                {
                    var (x, y) = grid.Transform.ToMap(col, row);
                    var cell = f.ToGeometry(new Envelope(x, x + 10, y - 10, y));
                    double expected = polygon.Intersection(cell).Area / 100;
                    Assert.Equal(expected, cover.GetValueOrDefault((row, col)), 9);
                }
            }
        }
    }
}
