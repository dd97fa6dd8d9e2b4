using Haven.Damage.Assessment;
using Haven.Damage.Pwtt;

namespace Haven.Workflows.Tests.Assessments;

/// <summary>PWTT run in tiles against the single run over the Sample Strip's synthetic stack.</summary>
public sealed class TiledPwttTests(SampleStripAssessmentFixture fixture) : IClassFixture<SampleStripAssessmentFixture>
{
    [Fact]
    public void The_halo_is_the_lee_half_window_plus_the_median_radius_plus_the_widest_circular_mean()
    {
        // 10 m cells: Lee 3x3 (1), median 10 m (1), circular means up to 150 m (15).
        Assert.Equal(1 + 1 + 15, PwttTiles.Halo(PwttOptions.Default, 10));
        Assert.Equal(2 + 2 + 5, PwttTiles.Halo(PwttOptions.Default with { LeeWindow = 5, MedianRadiusMetres = 20, ConvolutionRadiiMetres = [50] }, 10));
    }

    [Fact]
    public void Tiles_cover_every_cell_once_and_read_their_core_with_the_halo_inside_the_grid()
    {
        var grid = fixture.Stack.Grid;
        var tiles = PwttTiles.Plan(grid, 97, 17);
        var seen = new int[grid.CellCount];

        foreach (var t in tiles)
        {
            for (int y = t.Core.Row; y < t.Core.Row + t.Core.Height; y++)
            {
                for (int x = t.Core.Column; x < t.Core.Column + t.Core.Width; x++)
                {
                    seen[(y * grid.Width) + x]++;
                }
            }

            Assert.Equal(Math.Max(0, t.Core.Column - 17), t.Read.Column);
            Assert.Equal(Math.Min(grid.Height, t.Core.Row + t.Core.Height + 17), t.Read.Row + t.Read.Height);
        }

        Assert.All(seen, n => Assert.Equal(1, n));
    }

    [Fact]
    public void A_tiled_run_gives_the_single_runs_t_at_every_cell_seams_included_and_the_same_building_scores()
    {
        var input = new AssessmentInput(fixture.Stack, fixture.Generated.Options.EventDate, SampleStripAssessmentFixture.Inference, fixture.Footprints, fixture.Areas, null, PwttOptions.Default);
        var single = DamageAssessment.Run(input).Value;
        var tiled = DamageAssessment.Run(input with { TileSize = 97 }).Value;

        for (int i = 0; i < single.Pwtt.Maps.Count; i++)
        {
            var a = single.Pwtt.Maps[i].T.Data;
            var b = tiled.Pwtt.Maps[i].T.Data;
            Assert.Equal(a.Length, b.Length);
            int differing = Enumerable.Range(0, a.Length).Count(c => float.IsNaN(a[c]) != float.IsNaN(b[c]) || (!float.IsNaN(a[c]) && Math.Abs(a[c] - b[c]) > 1e-4f * Math.Max(1, Math.Abs(a[c]))));
            Assert.Equal(0, differing);
        }

        for (int d = 0; d < single.Dates.Count; d++)
        {
            var expected = single.Dates[d].Scores.ToDictionary(s => s.Id);
            Assert.All(tiled.Dates[d].Scores, s =>
            {
                Assert.Equal(expected[s.Id].Damaged, s.Damaged);
                Assert.Equal(expected[s.Id].Score, s.Score, 1e-5); // float rounding: sums over other cells' order
            });
        }

        Assert.Equal(single.Areas.Select(a => (a.Code, a.Inference, a.Damaged)), tiled.Areas.Select(a => (a.Code, a.Inference, a.Damaged)));
    }
}
