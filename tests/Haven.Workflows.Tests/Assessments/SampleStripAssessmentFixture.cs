using Haven.Damage.Assessment;
using Haven.Damage.Pwtt;
using Haven.Damage.Scoring;
using Haven.Damage.Stacks;
using Haven.Geo.Crs;
using Haven.Demo;
using Haven.Storage.Scenarios;

namespace Haven.Workflows.Tests.Assessments;

/// <summary>The Sample Strip (seed 1) written to disk and assessed once with default PWTT settings.</summary>
public sealed class SampleStripAssessmentFixture : IDisposable
{
    public SampleStripAssessmentFixture()
    {
        Folder = Directory.CreateTempSubdirectory("haven-assess-").FullName;
        Generated = SampleStrip.Generate(new SampleStripOptions { Seed = 1 });
        ScenarioWriter.Write(Generated, Folder);
        Stack = ImageStack.Open(Path.Combine(Folder, ScenarioFiles.StackManifest)).Value;
        var utm = new UtmProjection(Epsg.Utm36N);
        Footprints = [.. Generated.Scenario.Buildings.Select(b => new Footprint(b.Id, utm.FromWgs84(b.Footprint), b.AreaM2))];
        Areas = [.. Generated.Scenario.Areas.Select(a => new AssessmentArea(a.Pcode, a.NameEn, utm.FromWgs84(a.Boundary)))];
    }

    public string Folder { get; }

    public SampleStripScenario Generated { get; }

    public ImageStack Stack { get; }

    public IReadOnlyList<Footprint> Footprints { get; }

    public IReadOnlyList<AssessmentArea> Areas { get; }

    public static readonly DateOnly[] Inference = [new(2023, 10, 15), new(2023, 10, 27)];

    public AssessmentResult Run(LabelSet? labels) =>
        DamageAssessment.Run(new AssessmentInput(Stack, Generated.Options.EventDate, Inference, Footprints, Areas, labels, PwttOptions.Default)).Value;

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
