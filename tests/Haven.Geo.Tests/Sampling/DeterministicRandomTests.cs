using Haven.Geo.Sampling;

namespace Haven.Geo.Tests.Sampling;

public class DeterministicRandomTests
{
    [Fact]
    public void The_same_seed_gives_the_same_sequence_and_another_seed_another()
    {
        var a = new DeterministicRandom(42);
        var b = new DeterministicRandom(42);
        var c = new DeterministicRandom(43);
        var first = Enumerable.Range(0, 5).Select(_ => a.NextUInt64()).ToArray();

        Assert.Equal(first, Enumerable.Range(0, 5).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 5).Select(_ => c.NextUInt64()));
    }

    [Theory]
    [InlineData(4.5, 2.0)]
    [InlineData(0.7, 1.0)]
    public void Gamma_samples_have_mean_shape_times_scale_and_variance_shape_times_scale_squared(double shape, double scale)
    {
        var rng = new DeterministicRandom(7);
        const int N = 200_000;
        double sum = 0, sumSq = 0;
        for (int i = 0; i < N; i++)
        {
            double x = rng.NextGamma(shape, scale);
            sum += x;
            sumSq += x * x;
        }

        double mean = sum / N;
        double variance = sumSq / N - mean * mean;
        Assert.Equal(shape * scale, mean, shape * scale * 0.01);
        Assert.Equal(shape * scale * scale, variance, shape * scale * scale * 0.03);
    }
}
