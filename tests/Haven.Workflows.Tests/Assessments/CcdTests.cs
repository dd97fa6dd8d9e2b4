using Haven.Demo;
using Haven.Damage.Assessment;
using Haven.Damage.Ccd;
using Haven.Damage.Pwtt;
using Haven.Damage.Stacks;
using Haven.Damage.Validation;
using Haven.Geo.Rasters;
using Haven.Storage.Scenarios;

namespace Haven.Workflows.Tests.Assessments;

public sealed class CcdTests(SampleStripAssessmentFixture fixture) : IClassFixture<SampleStripAssessmentFixture>
{
    [Fact]
    public void Coherence_of_an_image_with_itself_is_one_and_with_independent_noise_is_low()
    {
        var rng = new Haven.Geo.Sampling.DeterministicRandom(3);
        var a = Enumerable.Range(0, 400).Select(_ => new ComplexFloat((float)rng.NextNormal(), (float)rng.NextNormal())).ToArray();
        var b = Enumerable.Range(0, 400).Select(_ => new ComplexFloat((float)rng.NextNormal(), (float)rng.NextNormal())).ToArray();

        var same = Coherence.Compute(a, a, 20, 20, 5);
        var independent = Coherence.Compute(a, b, 20, 20, 5);

        Assert.All(same, g => Assert.Equal(1, g, 5));
        Assert.InRange(independent.Average(), 0.05, 0.35); // a 25-look estimate of zero coherence is biased upwards
    }

    [Fact]
    public void Coherence_matches_the_formula_on_a_hand_made_window()
    {
        ComplexFloat[] s1 = [new(1, 0), new(0, 1), new(1, 1), new(2, 0)];
        ComplexFloat[] s2 = [new(1, 0), new(0, 1), new(1, -1), new(0, 2)];
        // Window 3 on a 2 x 2 raster: every pixel sees all four cells.
        double re = 0, im = 0, e1 = 0, e2 = 0;
        for (int i = 0; i < 4; i++)
        {
            var a = new System.Numerics.Complex(s1[i].Real, s1[i].Imaginary);
            var b = new System.Numerics.Complex(s2[i].Real, -s2[i].Imaginary);
            re += (a * b).Real;
            im += (a * b).Imaginary;
            e1 += a.Magnitude * a.Magnitude;
            e2 += b.Magnitude * b.Magnitude;
        }

        var gamma = Coherence.Compute(s1, s2, 2, 2, 3);

        Assert.Equal(Math.Sqrt(re * re + im * im) / Math.Sqrt(e1 * e2), gamma[0], 5);
    }

    [Fact]
    public void Ccd_separates_destroyed_from_intact_buildings_on_the_complex_simulation()
    {
        string folder = Path.Combine(fixture.Folder, "..", Path.GetFileName(fixture.Folder) + "-slc");
        ScenarioWriter.Write(fixture.Generated, folder, singleLookComplex: true);
        try
        {
            var stack = ImageStack.Open(Path.Combine(folder, ScenarioFiles.SlcManifest), complex: true).Value;
            var maps = CcdEngine.Run(stack, fixture.Generated.Options.EventDate, [new DateOnly(2023, 10, 15)], CcdOptions.Default).Value;
            var input = new AssessmentInput(stack, fixture.Generated.Options.EventDate, [new DateOnly(2023, 10, 15)], fixture.Footprints, fixture.Areas, null,
                PwttOptions.Default with { DamageThreshold = CcdOptions.Default.DamageThreshold });
            var result = DamageAssessment.Evaluate(input, maps);
            var truth = fixture.Generated.DestroyedBuildingIds;
            var weights = fixture.Footprints.ToDictionary(f => f.Id, f => f.AreaM2);
            var scores = result.Dates[0].Scores.Where(s => s.Scored).ToList();

            var metrics = ValidationMetrics.Compute([.. scores.Select(s => (s.Score, truth.Contains(s.Id), weights[s.Id]))], CcdOptions.Default.DamageThreshold, areaWeighted: true);

            Assert.True(metrics.RocAuc >= 0.9, $"AUC {metrics.RocAuc:F3}");
            Assert.True(scores.Where(s => truth.Contains(s.Id)).Average(s => s.Score) > scores.Where(s => !truth.Contains(s.Id)).Average(s => s.Score) + 0.2);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_stack_of_intensity_images_is_refused_for_ccd_and_a_complex_one_for_pwtt()
    {
        var intensity = ImageStack.Open(Path.Combine(fixture.Folder, ScenarioFiles.StackManifest), complex: true);

        string folder = Path.Combine(fixture.Folder, "..", Path.GetFileName(fixture.Folder) + "-slc-for-pwtt");
        ScenarioWriter.Write(fixture.Generated, folder, singleLookComplex: true);
        try
        {
            var complex = ImageStack.Open(Path.Combine(folder, ScenarioFiles.SlcManifest), complex: false);

            Assert.Equal("stack.cell_type", intensity.Problem!.Code);
            Assert.Equal("stack.cell_type", complex.Problem?.Code);
            Assert.Contains("--method ccd", complex.Problem!.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
