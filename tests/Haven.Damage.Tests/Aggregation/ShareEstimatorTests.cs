using Haven.Damage.Aggregation;
using Haven.Damage.Validation;

namespace Haven.Damage.Tests.Aggregation;

public class ShareEstimatorTests
{
    [Fact]
    public void The_wilson_interval_matches_the_published_formula()
    {
        // 10 of 100: Wilson 95% interval 0.0552 to 0.1744 (Newcombe 1998, table I method 3).
        var (share, lo, hi) = ShareEstimator.Wilson(10, 100);

        Assert.Equal(0.1, share, 12);
        Assert.Equal(0.0552, lo, 4);
        Assert.Equal(0.1744, hi, 4);
    }

    [Fact]
    public void The_stratified_estimate_corrects_the_map_with_each_map_classes_reference_share()
    {
        // The map calls 20% damaged; labels: 80% of mapped-damaged are damaged, 10% of mapped-intact are.
        var labelled = Enumerable.Repeat((true, true), 80).Concat(Enumerable.Repeat((true, false), 20))
            .Concat(Enumerable.Repeat((false, true), 10)).Concat(Enumerable.Repeat((false, false), 90)).ToList();

        var (share, lo, hi) = ShareEstimator.Stratified(200, 1000, labelled, seed: 1);

        Assert.Equal(0.2 * 0.8 + 0.8 * 0.1, share, 12);
        Assert.InRange(share, lo, hi);
        Assert.True(hi - lo < 0.12);
    }

    [Fact]
    public void Auc_counts_ties_as_half_and_weights_by_area()
    {
        var m = ValidationMetrics.Compute([(1, false, 1), (2, true, 1), (2, false, 1), (3, true, 1)], threshold: 1.5, areaWeighted: false);

        Assert.Equal((1 + 0.5 + 2) / 4.0, m.RocAuc, 12); // damaged 2 beats 1 and ties 2; damaged 3 beats both
        Assert.Equal(2.0 / 3, m.AtThreshold.Precision, 12);
        Assert.Equal(1, m.AtThreshold.Recall, 12);
        Assert.Equal(0.8, m.BestF1.F1, 12); // above 1.5: precision 2/3, recall 1; above 2 only 0.667
        var weighted = ValidationMetrics.Compute([(1, false, 10), (2, true, 1)], threshold: 1.5, areaWeighted: true);
        Assert.Equal(1, weighted.RocAuc, 12);
    }
}
