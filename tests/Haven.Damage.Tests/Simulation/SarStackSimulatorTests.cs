using Haven.Damage.Simulation;
using Haven.Damage.Stacks;
using Haven.Geo.Rasters;

namespace Haven.Damage.Tests.Simulation;

public class SarStackSimulatorTests
{
    private static readonly DateOnly Event = new(2023, 10, 7);

    /// <summary>A synthetic 3 x 120-column scene: rows of pure sea, pure open ground, and pure built-up cells, half of them destroyed.</summary>
    private static SceneFractions PureScene()
    {
        var grid = new RasterGrid(120, 90, GeoTransform.NorthUp(0, 900, 10, 10), 32636);
        var scene = new SceneFractions(grid);
        for (int r = 0; r < 90; r++)
        {
            for (int c = 0; c < 120; c++)
            {
                int i = r * 120 + c;
                if (r < 30)
                {
                    scene.Sea[i] = 1;
                }
                else if (r >= 60)
                {
                    (c < 60 ? scene.Built : scene.Destroyed)[i] = 1;
                }
            }
        }

        return scene;
    }

    private static (double Mean, double Cv) Stats(float[] data, int fromRow, int toRow, int fromCol, int toCol, float[]? divideBy = null)
    {
        double sum = 0, sumSq = 0;
        int n = 0;
        for (int r = fromRow; r < toRow; r++)
        {
            for (int c = fromCol; c < toCol; c++)
            {
                int i = r * 120 + c;
                double v = divideBy is null ? data[i] : data[i] / divideBy[i];
                sum += v;
                sumSq += v * v;
                n++;
            }
        }

        double mean = sum / n;
        return (mean, Math.Sqrt(sumSq / n - mean * mean) / mean);
    }

    [Theory]
    [InlineData(Polarisation.VV)]
    [InlineData(Polarisation.VH)]
    public void Class_means_hold_within_five_percent_and_speckle_has_cv_one_over_root_looks(Polarisation pol)
    {
        var model = BackscatterModel.Default;
        var sim = new SarStackSimulator(PureScene(), Event, seed: 3);
        var date = new DateOnly(2023, 6, 1);
        var image = sim.Simulate(date, pol).Data;
        var expected = sim.ExpectedMean(date, pol).Data;

        Assert.Equal(model.Sea.For(pol) * model.Drift(model.Sea, date), Stats(image, 0, 30, 0, 120).Mean, model.Sea.For(pol) * 0.05);
        Assert.Equal(model.Open.For(pol) * model.Drift(model.Open, date), Stats(image, 30, 60, 0, 120).Mean, model.Open.For(pol) * 0.05);
        Assert.Equal(model.Built.For(pol) * model.Drift(model.Built, date), Stats(image, 60, 90, 0, 120).Mean, model.Built.For(pol) * 0.05);
        Assert.True(model.Sea.For(pol) < model.Open.For(pol) && model.Open.For(pol) < model.Built.For(pol));

        double cv = Stats(image, 0, 90, 0, 120, expected).Cv;
        Assert.Equal(1 / Math.Sqrt(model.Looks), cv, 0.02);
    }

    [Fact]
    public void Destroyed_cells_change_after_the_event_and_intact_cells_do_not()
    {
        var sim = new SarStackSimulator(PureScene(), Event, seed: 3);
        var before = sim.ExpectedMean(new DateOnly(2023, 10, 3), Polarisation.VV).Data;
        var after = sim.ExpectedMean(new DateOnly(2023, 10, 15), Polarisation.VV).Data;

        int intact = 70 * 120 + 10;
        int destroyed = 70 * 120 + 100;
        Assert.Equal(before[intact], after[intact], before[intact] * 0.01);
        Assert.True(after[destroyed] < 0.6 * before[destroyed]);
    }

    [Fact]
    public void Seasonal_drift_is_slow_and_open_ground_drifts_more_than_built_up()
    {
        var m = BackscatterModel.Default;
        var winter = new DateOnly(2023, 1, 15);
        var summer = new DateOnly(2023, 7, 15);

        Assert.True(m.Drift(m.Open, winter) / m.Drift(m.Open, summer) > 1.2);
        Assert.True(Math.Abs(m.Drift(m.Built, winter) / m.Drift(m.Built, summer) - 1) < 0.05);
        Assert.True(Math.Abs(m.Drift(m.Open, winter) - m.Drift(m.Open, winter.AddDays(12))) < 0.01);
    }

    [Fact]
    public void The_same_seed_simulates_the_same_image()
    {
        var a = new SarStackSimulator(PureScene(), Event, seed: 9).Simulate(new DateOnly(2023, 5, 1), Polarisation.VH);
        var b = new SarStackSimulator(PureScene(), Event, seed: 9).Simulate(new DateOnly(2023, 5, 1), Polarisation.VH);

        Assert.Equal(a.Data, b.Data);
    }
}
