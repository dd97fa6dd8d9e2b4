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

    [Fact]
    public void A_transported_estimate_undoes_the_map_with_the_rates_of_its_density_stratum()
    {
        // Two strata. Labels: stratum 0 detects 40% with 1% false alarms, stratum 1 detects 80% with 5%.
        // The area: 1,000 buildings in stratum 0 with 13% mapped (so 30% damaged), 1,000 in stratum 1 with 43% mapped (50%).
        var rates = new DetectionRates([500, 500], [200, 400], [1000, 1000], [10, 50]);
        var bounds = new DetectionBounds(500, 0.4, 500, 0.8);
        double w0 = 0.3 * 0.4 + 0.7 * 0.01, w1 = 0.5 * 0.8 + 0.5 * 0.05;

        var estimate = ShareEstimator.Transported([1000, 1000], [(int)Math.Round(w0 * 1000), (int)Math.Round(w1 * 1000)], rates, bounds, seed: 3);

        Assert.True(estimate.Corrected);
        Assert.Equal(0.4, estimate.Share, 2);
        Assert.InRange(estimate.Share, estimate.Lower, estimate.Upper);
    }

    [Fact]
    public void When_the_labels_reach_no_dense_damage_the_lower_end_allows_perfect_detection()
    {
        // Labelled damage is all lone (detected 10%); the area's map share of 30% could be 30% damaged seen perfectly.
        var rates = new DetectionRates([200], [20], [2000], [20]);
        var notDense = new DetectionBounds(200, 0.1, 0, 1);
        var dense = new DetectionBounds(200, 0.1, 200, 0.1);

        var open = ShareEstimator.Transported([1000], [300], rates, notDense, seed: 5);
        var closed = ShareEstimator.Transported([1000], [300], rates, dense, seed: 5);

        Assert.InRange(open.Lower, 0.26, 0.32); // (0.3 - 0.01) / (1 - 0.01), less its sampling
        Assert.True(closed.Lower > 0.9, $"with lone detection everywhere the share is near 100%, got {closed.Lower:P1}");
        Assert.Equal(1, open.Upper, 2);
    }

    [Fact]
    public void Labels_too_few_to_measure_detection_give_no_correction()
    {
        var rates = new DetectionRates([3], [1], [3], [0]);
        var estimate = ShareEstimator.Transported([100], [10], rates, new DetectionBounds(3, 0.33, 0, 1), seed: 1);

        Assert.False(estimate.Corrected);
        Assert.True(double.IsNaN(estimate.Share));
    }
}
