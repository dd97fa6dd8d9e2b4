using Haven.Damage.Validation;
using Xunit.Abstractions;

namespace Haven.Workflows.Tests.Assessments;

public class SampleStripAssessmentTests(SampleStripAssessmentFixture fixture, ITestOutputHelper output) : IClassFixture<SampleStripAssessmentFixture>
{
    [Fact]
    public void Default_pwtt_recovers_the_simulated_damage_with_an_roc_auc_of_at_least_0_9()
    {
        var truth = fixture.Generated.DestroyedBuildingIds;
        var result = fixture.Run(labels: null);
        var weights = fixture.Footprints.ToDictionary(f => f.Id, f => f.AreaM2);

        foreach (var d in result.Dates)
        {
            var metrics = ValidationMetrics.Compute([.. d.Scores.Where(s => s.Scored).Select(s => (s.Score, truth.Contains(s.Id), weights[s.Id]))], 3.3, areaWeighted: true);
            output.WriteLine($"{d.Inference}: AUC {metrics.RocAuc:F3}, F1 {metrics.AtThreshold.F1:F3} at 3.3, best F1 {metrics.BestF1.F1:F3} at {metrics.BestF1.Threshold:F2}");
            Assert.True(metrics.RocAuc >= 0.9, $"AUC {metrics.RocAuc:F3} on {d.Inference}");
        }
    }
}

public class SampleStripIntervalTests(SampleStripAssessmentFixture fixture, ITestOutputHelper output) : IClassFixture<SampleStripAssessmentFixture>
{
    [Fact]
    public void With_a_label_sample_each_districts_true_damaged_share_lies_within_its_interval()
    {
        var labels = global::Haven.Workflows.Assessments.AssessmentInputs.Labels(
            Path.Combine(fixture.Folder, Haven.Storage.Scenarios.ScenarioFiles.Labels), 32636, fixture.Footprints, classField: null, fixture.Areas).Value;
        var truth = fixture.Generated.DestroyedBuildingIds;
        var buildings = fixture.Generated.Scenario.Buildings;

        var result = fixture.Run(labels);

        Assert.InRange(labels.Nearest.Count, buildings.Count / 5, buildings.Count / 3); // a quarter of the buildings
        Assert.True(labels.WithinDistance.Count > labels.Nearest.Count, "the paper's 10 m rule also reaches neighbours");
        foreach (var row in result.Areas)
        {
            var inArea = buildings.Where(b => b.AreaPcode == row.Code).ToList();
            double trueShare = (double)inArea.Count(b => truth.Contains(b.Id)) / inArea.Count;
            output.WriteLine($"{row.Inference} {row.Code}: true {trueShare:P1}, map {(double)row.Damaged / row.Scored:P1}, estimate {row.Share:P1} [{row.Lower:P1}, {row.Upper:P1}]");
            Assert.InRange(trueShare, row.Lower, row.Upper);
            Assert.Contains("stratified", row.Method, StringComparison.Ordinal);
        }

        var (_, metrics) = result.Validation[0];
        Assert.True(metrics.RocAuc >= 0.9);
        Assert.True(metrics.BestF1.F1 >= metrics.AtThreshold.F1);
    }

    [Fact]
    public void Without_labels_the_interval_is_a_wilson_interval_around_the_map_share_and_says_so()
    {
        var result = fixture.Run(labels: null);

        foreach (var row in result.Areas)
        {
            Assert.Equal((double)row.Damaged / row.Scored, row.Share, 12);
            Assert.InRange(row.Share, row.Lower, row.Upper);
            Assert.Contains("Wilson", row.Method, StringComparison.Ordinal);
        }
    }
}
