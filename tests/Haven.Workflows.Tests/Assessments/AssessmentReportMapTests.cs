using System.Text.RegularExpressions;
using Haven.Damage.Assessment;
using Haven.Damage.Pwtt;
using Haven.Damage.Scoring;
using Haven.Geo.Rasters;
using Haven.Storage.Assessments;
using Haven.Workflows.Assessments;
using NetTopologySuite.Geometries;

namespace Haven.Workflows.Tests.Assessments;

/// <summary>
/// The report's map on a hand-made run near the equator (synthetic): five clusters of tiny footprints, each with a
/// known share of damaged buildings, at places far apart in a square of 0.01 degrees.
/// </summary>
public sealed partial class AssessmentReportMapTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>(longitude, latitude, scored, damaged, unscored) of each cluster.</summary>
    private static readonly (double X, double Y, int Scored, int Damaged, int Unscored)[] Clusters =
    [
        (0.0001, 0.0001, 4, 4, 0),  // all damaged: "50% or more"
        (0.0099, 0.0001, 4, 1, 0),  // a quarter: "25% to 50%"
        (0.0001, 0.0099, 10, 1, 0), // a tenth: "under 25%"
        (0.0099, 0.0099, 3, 0, 0),  // none damaged
        (0.0050, 0.0050, 0, 0, 2),  // none scored
    ];

    private static AssessmentRun Run()
    {
        var scores = new List<BuildingScore>();
        var damaged = new HashSet<string>(StringComparer.Ordinal);
        var footprints = new Dictionary<string, Geometry>(StringComparer.Ordinal);
        foreach (var (x, y, scored, hit, unscored) in Clusters)
        {
            for (int i = 0; i < scored + unscored; i++)
            {
                string id = FormattableString.Invariant($"{x}-{y}-{i}");
                bool isScored = i < scored, isDamaged = i < hit;
                scores.Add(new BuildingScore(id, isScored ? (isDamaged ? 5 : 1) : double.NaN, isDamaged, 1, BuildingFlags.None));
                if (isDamaged)
                {
                    damaged.Add(id);
                }

                double d = 1e-7 * i;
                footprints[id] = Factory.CreatePolygon([new(x + d, y), new(x + d + 1e-7, y), new(x + d + 1e-7, y + 1e-7), new(x + d, y + 1e-7), new(x + d, y)]);
            }
        }

        var grid = new RasterGrid(1, 1, GeoTransform.NorthUp(0, 0, 10, 10), 32631);
        var result = new AssessmentResult(new ChangeMaps(grid, [], [], [], new Dictionary<string, double>(), 0),
            [new DatedScores(new DateOnly(2024, 1, 1), scores, damaged)], new Dictionary<string, string>(), [], [], new Dictionary<string, double>());
        return new AssessmentRun("map-test", DateTimeOffset.UnixEpoch, "pwtt", new DateOnly(2023, 10, 7), 3.3, new Dictionary<string, object>(), [], result, footprints,
            new Dictionary<string, double>());
    }

    /// <summary>How many times each path colour ("none" for the outlined one) draws the given shape.</summary>
    private static Dictionary<string, int> Count(string svg, string shape) =>
        PathPattern().Matches(svg).ToDictionary(m => m.Groups["fill"].Success ? m.Groups["fill"].Value : "none", m => Regex.Count(m.Groups["d"].Value, shape));

    [GeneratedRegex("<path d=\"(?<d>[^\"]*)\"( fill=\"(?<fill>#[0-9a-f]{6})\"/>| fill=\"#fff\" stroke)")]
    private static partial Regex PathPattern();

    [Fact]
    public void Above_the_footprint_limit_each_cluster_is_one_square_coloured_by_its_damaged_share_and_the_legend_says_so()
    {
        string map = AssessmentReport.Map(Run(), maxFootprints: 5);

        Assert.Contains("Share of the scored buildings damaged, in squares of", map, StringComparison.Ordinal);
        Assert.Contains("(23 buildings, too many to draw one by one)", map, StringComparison.Ordinal);
        var squares = Count(map, "h4v4h-4Z");
        Assert.Equal(1, squares["#a4161a"]);
        Assert.Equal(1, squares["#e5383b"]);
        Assert.Equal(1, squares["#f4a6a6"]);
        Assert.Equal(1, squares["#8d99ae"]);
        Assert.Equal(1, squares["none"]);
    }

    [Fact]
    public void Within_the_footprint_limit_every_footprint_is_drawn_in_its_damage_colour()
    {
        string map = AssessmentReport.Map(Run(), maxFootprints: 23);

        Assert.DoesNotContain("Share of the scored buildings", map, StringComparison.Ordinal);
        var outlines = Count(map, "Z");
        Assert.Equal(4 + 1 + 1, outlines["#d62828"]);
        Assert.Equal(0 + 3 + 9 + 3, outlines["#8d99ae"]);
        Assert.Equal(2, outlines["none"]);
    }
}
