using Haven.Damage.Aggregation;
using Haven.Damage.Assessment;
using Haven.Damage.Pwtt;
using Haven.Damage.Scoring;
using Haven.Damage.Stacks;
using Haven.Demo;
using Haven.Geo.Crs;
using Haven.Storage.Scenarios;
using NetTopologySuite.Geometries;
using Xunit.Abstractions;

namespace Haven.Workflows.Tests.Assessments;

/// <summary>
/// Damage labelled in one area only, as UNOSAT's damage sites usually are: synthetic Sample Strips whose three
/// districts are hit very differently, assessed with a census of damage points for one district.
/// </summary>
public sealed class PartialLabelsTests(ITestOutputHelper output)
{
    private static readonly DateOnly[] Inference = [new(2023, 10, 15)];

    /// <summary>The areas' true damaged shares and Haven's rows, for a strip hit as <paramref name="damage"/> with district <paramref name="labelled"/> labelled.</summary>
    private static (IReadOnlyList<double> Truth, IReadOnlyList<AreaDamage> Rows) Assess(ulong seed, IReadOnlyList<DistrictDamage> damage, int labelled)
    {
        string folder = Directory.CreateTempSubdirectory("haven-partial-").FullName;
        try
        {
            var generated = SampleStrip.Generate(new SampleStripOptions { Seed = seed, Damage = damage, WidthMetres = 3_000, HeightMetres = 9_000 });
            ScenarioWriter.Write(generated, folder);
            var stack = ImageStack.Open(Path.Combine(folder, ScenarioFiles.StackManifest)).Value;
            var utm = new UtmProjection(Epsg.Utm36N);
            var scenario = generated.Scenario;
            var footprints = scenario.Buildings.Select(b => new Footprint(b.Id, utm.FromWgs84(b.Footprint), b.AreaM2)).ToList();
            var areas = scenario.Areas.Select(a => new AssessmentArea(a.Pcode, a.NameEn, utm.FromWgs84(a.Boundary))).ToList();
            var truth = areas.Select(a => scenario.Buildings.Where(b => b.AreaPcode == a.Code).ToList())
                .Select(bs => (double)bs.Count(b => generated.DestroyedBuildingIds.Contains(b.Id)) / bs.Count).ToList();

            // A census of damage points (class 1) in one district, UNOSAT-style: nothing said about intact buildings.
            var labels = scenario.Buildings.Where(b => b.AreaPcode == areas[labelled].Code && generated.DestroyedBuildingIds.Contains(b.Id))
                .Select(b => ((Geometry)utm.FromWgs84(b.Footprint).Centroid, true)).ToList();
            var labelSet = LabelSet.Create(footprints, labels, areas[labelled].Shape, $"{areas[labelled].Name}");
            var result = DamageAssessment.Run(new AssessmentInput(stack, generated.Options.EventDate, Inference, footprints, areas, labelSet, PwttOptions.Default)).Value;
            return (truth, result.Areas);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public static TheoryData<ulong, int> Cases => new() { { 1, 0 }, { 2, 0 }, { 3, 2 }, { 4, 1 } };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_area_true_share_lies_in_its_95_percent_interval_or_within_5_points(ulong seed, int labelled)
    {
        // North heavily hit, the middle moderately, the south lightly.
        DistrictDamage[] damage = [new(0.25, 14), new(0.06, 5), new(0.01, 1)];
        var (truth, rows) = Assess(seed, damage, labelled);
        for (int a = 0; a < rows.Count; a++)
        {
            var r = rows[a];
            output.WriteLine($"{r.Code}: truth {truth[a]:P1}, estimate {r.Share:P1} [{r.Lower:P1}, {r.Upper:P1}] mapped {(double)r.Damaged / r.Scored:P1} — {r.Method}");
        }

        for (int a = 0; a < rows.Count; a++)
        {
            var r = rows[a];
            bool inside = truth[a] >= r.Lower && truth[a] <= r.Upper;
            Assert.True(inside || Math.Abs(truth[a] - r.Share) <= 0.05,
                $"{r.Code}: truth {truth[a]:P1} outside [{r.Lower:P1}, {r.Upper:P1}] and {Math.Abs(truth[a] - r.Share):P1} from the estimate {r.Share:P1}");
        }
    }
}
