using Haven.Geo.Coverage;
using Haven.Geo.Rasters;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Haven.Geo.Tests.Coverage;

/// <summary>
/// Each statistic by exactextract's definition, against figures computed here independently: each cell's covered
/// fraction from NetTopologySuite's polygon-cell intersection (not Haven's coverage algorithm), then the
/// definition written out plainly. The raster is 12 x 10 cells of 1 m with small repeating integers (so majority,
/// minority, variety and frac have ties and repeats) and one nodata cell; the polygons are rotated rectangles.
/// </summary>
public sealed class ExactextractStatisticsTests
{
    private const float NoData = -9;
    private static readonly RasterGrid Grid = new(12, 10, GeoTransform.NorthUp(500_000, 3_500_010, 1, 1), 32636);
    private static readonly float[] Values = [.. Enumerable.Range(0, 120).Select(i => i == 37 ? NoData : (float)((i * 7 + i / 12) % 5))];
    private static readonly float[] WeightValues = [.. Enumerable.Range(0, 120).Select(i => (float)(0.5 + i % 3))];

    private static readonly string[] Polygons =
    [
        "POLYGON ((500001.3 3500001.2, 500008.7 3500002.9, 500007.9 3500007.1, 500000.6 3500005.4, 500001.3 3500001.2))",
        "POLYGON ((500006.2 3500004.4, 500011.6 3500006.0, 500010.4 3500009.8, 500005.1 3500008.3, 500006.2 3500004.4))",
        "POLYGON ((500002.25 3500006.5, 500003.75 3500006.5, 500003.75 3500008.0, 500002.25 3500008.0, 500002.25 3500006.5))",
    ];

    /// <summary>Covered cells with a value, by plain geometry: (cell id, fraction, value, weight).</summary>
    private static List<(long Id, double C, double X, double W)> Oracle(string wkt)
    {
        var polygon = new WKTReader().Read(wkt);
        var factory = polygon.Factory;
        var cells = new List<(long, double, double, double)>();
        for (int row = 0; row < Grid.Height; row++)
        {
            for (int col = 0; col < Grid.Width; col++)
            {
                double x0 = 500_000 + col, y1 = 3_500_010 - row;
                var box = factory.ToGeometry(new Envelope(x0, x0 + 1, y1 - 1, y1));
                double c = polygon.Intersection(box).Area;
                int i = row * Grid.Width + col;
                if (c > 0 && Values[i] != NoData)
                {
                    cells.Add((i, c, Values[i], WeightValues[i]));
                }
            }
        }

        return cells;
    }

    private static ZonalStats Haven(string wkt, bool cells = true)
    {
        var values = new InMemoryRasterSource<float>(new Raster<float>(Grid, Values, noData: NoData));
        var weights = new InMemoryRasterSource<float>(new Raster<float>(Grid, WeightValues));
        return ZonalStatistics.Compute(values, 1, [CoverageShape.From(new WKTReader().Read(wkt))], new ZonalOptions(cells, weights)).Value[0];
    }

    private static double Get(string wkt, string statistic) => Haven(wkt).Get(ZonalStatistic.Parse(statistic).Value);

    public static TheoryData<int> Each => [0, 1, 2];

    [Theory, MemberData(nameof(Each))]
    public void Count_is_the_sum_of_covered_fractions(int p) =>
        Assert.Equal(Oracle(Polygons[p]).Sum(c => c.C), Get(Polygons[p], "count"), 7);

    [Theory, MemberData(nameof(Each))]
    public void Sum_is_the_coverage_weighted_sum(int p) =>
        Assert.Equal(Oracle(Polygons[p]).Sum(c => c.C * c.X), Get(Polygons[p], "sum"), 7);

    [Theory, MemberData(nameof(Each))]
    public void Mean_is_the_coverage_weighted_mean(int p)
    {
        var cells = Oracle(Polygons[p]);
        Assert.Equal(cells.Sum(c => c.C * c.X) / cells.Sum(c => c.C), Get(Polygons[p], "mean"), 7);
    }

    [Theory, MemberData(nameof(Each))]
    public void Min_and_max_are_over_every_touched_cell_with_a_value(int p)
    {
        var cells = Oracle(Polygons[p]);
        Assert.Equal((cells.Min(c => c.X), cells.Max(c => c.X)), (Get(Polygons[p], "min"), Get(Polygons[p], "max")));
    }

    [Theory, MemberData(nameof(Each))]
    public void Majority_is_the_value_covering_most_and_minority_the_value_covering_least_ties_to_the_greater_and_the_smaller(int p)
    {
        var byValue = Oracle(Polygons[p]).GroupBy(c => c.X).Select(g => (Value: g.Key, Area: Math.Round(g.Sum(c => c.C), 9))).ToList();
        double most = byValue.Max(v => v.Area), least = byValue.Min(v => v.Area);
        Assert.Equal(byValue.Where(v => v.Area == most).Max(v => v.Value), Get(Polygons[p], "majority"));
        Assert.Equal(byValue.Where(v => v.Area == least).Min(v => v.Value), Get(Polygons[p], "minority"));
    }

    [Theory, MemberData(nameof(Each))]
    public void Variety_is_the_number_of_distinct_values(int p) =>
        Assert.Equal(Oracle(Polygons[p]).Select(c => c.X).Distinct().Count(), Get(Polygons[p], "variety"));

    [Theory, MemberData(nameof(Each))]
    public void Frac_is_each_values_share_of_the_covered_area(int p)
    {
        var cells = Oracle(Polygons[p]);
        double total = cells.Sum(c => c.C);
        var fractions = Haven(Polygons[p]).Fractions();
        Assert.Equal(cells.Select(c => c.X).Distinct().Order(), fractions.Keys);
        foreach (var (value, share) in fractions)
        {
            Assert.Equal(cells.Where(c => c.X == value).Sum(c => c.C) / total, share, 7);
        }
    }

    [Theory, MemberData(nameof(Each))]
    public void Variance_and_stdev_are_the_coverage_weighted_population_spread(int p)
    {
        var cells = Oracle(Polygons[p]);
        double w = cells.Sum(c => c.C), mean = cells.Sum(c => c.C * c.X) / w;
        double variance = cells.Sum(c => c.C * (c.X - mean) * (c.X - mean)) / w;
        Assert.Equal(variance, Get(Polygons[p], "variance"), 7);
        Assert.Equal(Math.Sqrt(variance), Get(Polygons[p], "stdev"), 7);
    }

    [Theory, MemberData(nameof(Each))]
    public void Weighted_mean_and_weighted_sum_multiply_coverage_by_the_weights_raster(int p)
    {
        var cells = Oracle(Polygons[p]);
        double sum = cells.Sum(c => c.C * c.W * c.X);
        Assert.Equal(sum, Get(Polygons[p], "weighted_sum"), 7);
        Assert.Equal(sum / cells.Sum(c => c.C * c.W), Get(Polygons[p], "weighted_mean"), 7);
    }

    [Theory, MemberData(nameof(Each))]
    public void Cell_id_coverage_and_values_list_every_covered_cell_with_a_value(int p)
    {
        var want = Oracle(Polygons[p]).OrderBy(c => c.Id).ToList();
        var got = Haven(Polygons[p]).Cells!.OrderBy(c => c.CellId).ToList();
        Assert.Equal(want.Select(c => c.Id), got.Select(c => c.CellId));
        Assert.Equal(want.Select(c => c.X), got.Select(c => c.Value));
        for (int i = 0; i < want.Count; i++)
        {
            Assert.Equal(want[i].C, got[i].Coverage, 7);
        }
    }

    [Theory, MemberData(nameof(Each))]
    public void Touched_count_and_touched_mean_count_each_touched_cell_whole(int p)
    {
        var cells = Oracle(Polygons[p]);
        Assert.Equal(cells.Count, Get(Polygons[p], "touched_count"));
        Assert.Equal(cells.Average(c => c.X), Get(Polygons[p], "touched_mean"), 7);
    }

    [Fact]
    public void Median_and_quantiles_of_wholly_covered_cells_are_the_linear_quantiles_numpy_gives()
    {
        // Polygon 2 covers cells in whole, halves and quarters; a square on whole cells has equal weights.
        const string Whole = "POLYGON ((500001 3500001, 500005 3500001, 500005 3500004, 500001 3500004, 500001 3500001))";
        var x = Oracle(Whole).Select(c => c.X).Order().ToArray();
        double Linear(double q)
        {
            double h = (x.Length - 1) * q;
            int lo = (int)Math.Floor(h);
            return lo + 1 < x.Length ? x[lo] + (h - lo) * (x[lo + 1] - x[lo]) : x[lo];
        }

        Assert.Equal(Linear(0.5), Get(Whole, "median"), 12);
        Assert.Equal(Linear(0.25), Get(Whole, "quantile(q=0.25)"), 12);
        Assert.Equal(Linear(0.9), Get(Whole, "quantile(q=0.9)"), 12);
        Assert.Equal(x[0], Get(Whole, "quantile(q=0)"), 12);
        Assert.Equal(x[^1], Get(Whole, "quantile(q=1)"), 12);
    }

    [Fact]
    public void A_weighted_quantile_interpolates_between_sorted_values_by_their_coverage_as_worked_by_hand()
    {
        // Two cells: value 0 wholly covered, value 4 half covered. Positions s = [0, 1 x 0.5 + 1 x 1] = [0, 1.5];
        // the median's target is 0.5 x (n - 1) x total coverage = 0.5 x 1 x 1.5 = 0.75, half-way: 0 + 0.75 / 1.5 x 4 = 2.
        var grid = new RasterGrid(2, 1, GeoTransform.NorthUp(0, 1, 1, 1), 32636);
        var source = new InMemoryRasterSource<float>(new Raster<float>(grid, [0f, 4f]));
        var shape = CoverageShape.From(new WKTReader().Read("POLYGON ((0 0, 1.5 0, 1.5 1, 0 1, 0 0))"));
        var stats = ZonalStatistics.Compute(source, 1, [shape], new ZonalOptions(KeepCells: true)).Value[0];

        Assert.Equal(2, stats.Get(new ZonalStatistic("median")), 12);
        Assert.Equal(0 + (0.25 * 1.5) / 1.5 * 4, stats.Get(new ZonalStatistic("quantile", 0.25)), 12);
    }

    [Fact]
    public void A_polygon_off_the_raster_has_count_zero_and_no_value_for_any_other_statistic()
    {
        const string Off = "POLYGON ((600000 3600000, 600001 3600000, 600001 3600001, 600000 3600000))";
        var stats = Haven(Off);

        Assert.Equal(0, stats.Get(new ZonalStatistic("count")));
        Assert.All(new[] { "sum", "mean", "min", "max", "median", "majority", "stdev", "weighted_mean", "touched_mean" },
            s => Assert.True(double.IsNaN(stats.Get(ZonalStatistic.Parse(s).Value)), s));
        Assert.Empty(stats.Fractions());
    }

    [Theory]
    [InlineData("quantile", "expected quantile(q=0.75)")]
    [InlineData("quantile(q=1.5)", "expected quantile(q=0.75)")]
    [InlineData("mean(q=1)", "takes no arguments")]
    [InlineData("coverage_mean", "now 'mean'")]
    [InlineData("loudest", "unknown statistic 'loudest'")]
    public void A_statistic_haven_cannot_compute_is_refused_saying_what_was_expected(string text, string says)
    {
        var parsed = ZonalStatistic.ParseList("count," + text);
        Assert.Contains(says, parsed.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_keeps_commas_inside_a_quantiles_parentheses()
    {
        var parsed = ZonalStatistic.ParseList("mean, quantile(q=0.75),median").Value;
        Assert.Equal(["mean", "quantile_75", "median"], parsed.Select(s => s.Column));
    }
}
