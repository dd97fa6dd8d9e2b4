using Haven.Damage.Pwtt;
using Haven.Storage.Scenarios;
using Haven.Workflows.Assessments;

namespace Haven.Workflows.Tests.Assessments;

/// <summary>
/// <see cref="Assessor.Run"/> over the Sample Strip's synthetic files: a whole PWTT run reads its layers on a thread
/// of its own while the maps are made; a tiled run reads them first. Both must come to the same run.
/// </summary>
public sealed class AssessorTests(SampleStripAssessmentFixture fixture) : IClassFixture<SampleStripAssessmentFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    private AssessmentRequest Request(string? buildings = null) => new(
        Path.Combine(fixture.Folder, ScenarioFiles.StackManifest), fixture.Generated.Options.EventDate, SampleStripAssessmentFixture.Inference,
        Buildings: buildings ?? Path.Combine(fixture.Folder, ScenarioFiles.Buildings), Areas: Path.Combine(fixture.Folder, ScenarioFiles.Areas));

    [Fact]
    public void A_whole_run_with_its_layers_read_alongside_gives_the_inputs_scores_and_areas_of_a_run_that_reads_them_first()
    {
        var whole = Assessor.Run(Request(), null, Now).Value;
        // One tile as large as the grid: the path that reads the layers before the maps, with the same cells.
        var first = Assessor.Run(Request() with { TileSize = 4096 }, null, Now).Value;

        Assert.Equal(first.Inputs.Select(i => (i.Role, i.Sha256, i.Bytes)), whole.Inputs.Select(i => (i.Role, i.Sha256, i.Bytes)));
        Assert.Equal(first.Result.Dates.Count, whole.Result.Dates.Count);
        for (int d = 0; d < whole.Result.Dates.Count; d++)
        {
            var expected = first.Result.Dates[d].Scores.ToDictionary(s => s.Id);
            Assert.Equal(expected.Count, whole.Result.Dates[d].Scores.Count);
            Assert.All(whole.Result.Dates[d].Scores, s =>
            {
                Assert.Equal(expected[s.Id].Damaged, s.Damaged);
                Assert.Equal(expected[s.Id].Score, s.Score, 4);
            });
        }

        Assert.Equal(first.Result.Areas.Select(a => (a.Code, a.Inference, a.Structures, a.Scored, a.Damaged)), whole.Result.Areas.Select(a => (a.Code, a.Inference, a.Structures, a.Scored, a.Damaged)));
        Assert.Contains("read_inputs", whole.StageSeconds.Keys);
        Assert.Contains("hash_inputs", whole.StageSeconds.Keys);
    }

    [Fact]
    public void A_buildings_file_that_cannot_be_read_is_the_problem_reported_and_no_run_is_made()
    {
        string broken = Path.Combine(fixture.Folder, "broken-buildings.geojson");
        File.WriteAllText(broken, """{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "b1"}, "geometry": {"type": "Polygon", "coordinates": [[[34.3, 31.4], [34.3""");

        var run = Assessor.Run(Request(broken), null, Now);

        Assert.False(run.Succeeded);
        Assert.Contains("broken-buildings.geojson", run.Problem!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Buildings_the_stack_does_not_cover_are_refused_as_no_coverage_while_the_maps_are_made()
    {
        string far = Path.Combine(fixture.Folder, "far-buildings.geojson");
        File.WriteAllText(far, """{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "far"}, "geometry": {"type": "Polygon", "coordinates": [[[33.0, 30.0], [33.001, 30.0], [33.001, 30.001], [33.0, 30.001], [33.0, 30.0]]]}}]}""");

        var run = Assessor.Run(Request(far), null, Now);

        Assert.Equal("assess.no_coverage", run.Problem!.Code);
    }

    [Fact]
    public void A_pwtt_run_stopped_before_it_starts_makes_no_maps_and_says_it_was_stopped()
    {
        using var stop = new CancellationTokenSource();
        stop.Cancel();

        var run = PwttEngine.Run(fixture.Stack, fixture.Generated.Options.EventDate, SampleStripAssessmentFixture.Inference, PwttOptions.Default, null, stop.Token);

        Assert.Equal("pwtt.stopped", run.Problem!.Code);
    }
}
