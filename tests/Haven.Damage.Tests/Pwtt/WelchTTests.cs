using Haven.Damage.Pwtt;

namespace Haven.Damage.Tests.Pwtt;

public class WelchTTests
{
    private static (double N, double Sum, double SumSq) Sums(params double[] v) => (v.Length, v.Sum(), v.Sum(x => x * x));

    [Fact]
    public void Welch_t_and_degrees_of_freedom_match_a_hand_computation()
    {
        // pre: mean 2, sample variance 1 (n 4); post: mean 5, sample variance 4 (n 3).
        double[] preValues = [0.5, 1.5, 2.5, 3.5];
        double[] postValues = [3, 5, 7];
        var a = Sums(preValues);
        var b = Sums(postValues);
        double varPre = 5.0 / 3, varPost = 4; // sums of squared deviations 5 and 8
        double se2 = varPre / 4 + varPost / 3;
        double expectedT = (5 - 2) / Math.Sqrt(se2);
        double expectedDf = se2 * se2 / (Math.Pow(varPre / 4, 2) / 3 + Math.Pow(varPost / 3, 2) / 2);

        var (t, df) = WelchT.FromSums(a.N, a.Sum, a.SumSq, b.N, b.Sum, b.SumSq);

        Assert.Equal(expectedT, t, 10);
        Assert.Equal(expectedDf, df, 10);
    }

    [Fact]
    public void Too_few_values_or_no_variance_give_no_statistic()
    {
        Assert.True(double.IsNaN(WelchT.FromSums(1, 1, 1, 3, 6, 14).T));
        Assert.True(double.IsNaN(WelchT.FromSums(3, 3, 3, 2, 4, 8).T));
    }

    [Fact]
    public void Stouffer_weights_each_orbit_by_the_root_of_its_degrees_of_freedom()
    {
        double z = WelchT.Stouffer([2.0, 4.0], [4.0, 16.0]);

        Assert.Equal((2 * 2 + 4 * 4) / Math.Sqrt(20), z, 12);
        Assert.Equal(3, WelchT.Stouffer([3.0, double.NaN], [9.0, 4.0]), 12);
    }
}
