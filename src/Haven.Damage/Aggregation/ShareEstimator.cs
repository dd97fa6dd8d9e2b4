using Haven.Geo.Sampling;

namespace Haven.Damage.Aggregation;

/// <summary>
/// Estimates the damaged share of an area's buildings with a 95% interval.
/// Without reference labels: the share the map calls damaged, with the Wilson score interval (E. B. Wilson,
/// JASA 22, 1927), which covers sampling noise only, not classification error, and is stated as such.
/// With labels: the stratified estimator of good-practice accuracy assessment (P. Olofsson et al.,
/// Remote Sensing of Environment 148:42-57, 2014), p = W_d q_d + (1 - W_d) q_i, where W_d is the area's
/// mapped-damaged share and q_d, q_i the reference-damaged shares among labelled buildings mapped damaged
/// and intact (Rogan–Gladen's correction applied per map class); its interval from a bootstrap over the
/// labelled buildings, resampled within each map class. Deterministic: the bootstrap has a fixed seed.
/// </summary>
public static class ShareEstimator
{
    public const double Z95 = 1.959963984540054;

    /// <summary>Bootstrap replicates for the labelled estimator. Default 1,000.</summary>
    public const int BootstrapReplicates = 1000;

    public static (double Share, double Lower, double Upper) Wilson(int damaged, int n)
    {
        if (n == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        double p = (double)damaged / n;
        double z2 = Z95 * Z95;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = Z95 / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return (p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// The stratified estimate for an area whose scored buildings are <paramref name="mappedDamaged"/> of
    /// <paramref name="scored"/>, from labelled buildings given as (mapped damaged, reference damaged) pairs.
    /// </summary>
    public static (double Share, double Lower, double Upper) Stratified(int mappedDamaged, int scored,
        IReadOnlyList<(bool Mapped, bool Reference)> labelled, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        if (scored == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        double w = (double)mappedDamaged / scored;
        var inDamaged = labelled.Where(l => l.Mapped).Select(l => l.Reference).ToArray();
        var inIntact = labelled.Where(l => !l.Mapped).Select(l => l.Reference).ToArray();
        double estimate = Estimate(w, inDamaged, inIntact);
        var rng = new DeterministicRandom(seed);
        var replicates = new double[BootstrapReplicates];
        for (int b = 0; b < BootstrapReplicates; b++)
        {
            replicates[b] = Estimate(w, Resample(inDamaged, rng), Resample(inIntact, rng));
        }

        Array.Sort(replicates);
        return (estimate, Quantile(replicates, 0.025), Quantile(replicates, 0.975));
    }

    /// <summary>
    /// The damaged share of an area with no labels of its own, from detection rates measured where labels were
    /// made. The estimate corrects the map share stratum by stratum of mapped damage density around each building
    /// (<paramref name="rates"/>): in each stratum the Rogan–Gladen correction p = (w - f) / (s - f), with w the
    /// area's mapped share there and s, f the sensitivity and false-alarm rate labelled buildings show there
    /// (W. J. Rogan and B. Gladen, American Journal of Epidemiology 107:71-76, 1978). Because how well PWTT detects
    /// a damaged building depends on how much damage surrounds it, which the labels show only for the place they
    /// cover, the interval is not that estimate's sampling interval but bounds (<paramref name="bounds"/>): the
    /// correction with the detection rate of a damaged building among few damaged neighbours (the upper end)
    /// and with the best detection rate labelled buildings show (the lower end; a perfect one when the labels
    /// reach no dense damage), each taken at its bootstrap 97.5% or 2.5% point.
    /// </summary>
    public static TransportedShare Transported(IReadOnlyList<int> scored, IReadOnlyList<int> mapped, DetectionRates rates, DetectionBounds bounds, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(scored);
        ArgumentNullException.ThrowIfNull(mapped);
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(bounds);
        int total = scored.Sum();
        int[] source = rates.SourceOfEachStratum();
        if (total == 0 || source.All(s => s < 0) || bounds.LoneDamaged < DetectionRates.MinimumPerClass)
        {
            return new TransportedShare(double.NaN, double.NaN, double.NaN, false);
        }

        double Share(int k) => scored[k] == 0 ? 0 : (double)mapped[k] / scored[k];
        double Correct(Func<int, double> share, Func<int, double> sensitivity, Func<int, double> falseAlarms)
        {
            double damaged = 0;
            for (int k = 0; k < scored.Count; k++)
            {
                if (scored[k] > 0)
                {
                    double f = falseAlarms(source[k]);
                    damaged += scored[k] * Math.Clamp((share(k) - f) / Math.Max(sensitivity(k) - f, 1e-9), 0, 1);
                }
            }

            return damaged / total;
        }

        double point = Correct(Share, k => rates.Sensitivity(source[k]), rates.FalseAlarmRate);
        var rng = new DeterministicRandom(seed);
        var high = new double[BootstrapReplicates];
        var low = new double[BootstrapReplicates];
        var w = new double[scored.Count];
        var f = new double[scored.Count];
        for (int b = 0; b < BootstrapReplicates; b++)
        {
            for (int k = 0; k < scored.Count; k++)
            {
                w[k] = scored[k] == 0 ? 0 : (double)Binomial(rng, scored[k], Share(k)) / scored[k];
                f[k] = rates.Intact[k] == 0 ? 0 : (double)Binomial(rng, rates.Intact[k], rates.FalseAlarmRate(k)) / rates.Intact[k];
            }

            double lone = (double)Binomial(rng, bounds.LoneDamaged, bounds.LoneSensitivity) / bounds.LoneDamaged;
            double best = bounds.BestDamaged == 0 ? 1 : (double)Binomial(rng, bounds.BestDamaged, bounds.BestSensitivity) / bounds.BestDamaged;
            high[b] = Correct(k => w[k], _ => lone, k => f[k]);
            low[b] = Correct(k => w[k], _ => best, k => f[k]);
        }

        Array.Sort(high);
        Array.Sort(low);
        double lower = Quantile(low, 0.025), upper = Quantile(high, 0.975);
        return new TransportedShare(Math.Clamp(point, lower, upper), lower, upper, true);
    }

    /// <summary>A binomial draw: exact for small counts, the normal approximation (rounded, clamped) beyond.</summary>
    private static int Binomial(DeterministicRandom rng, int n, double p)
    {
        if (n <= 64)
        {
            int hits = 0;
            for (int i = 0; i < n; i++)
            {
                hits += rng.Chance(p) ? 1 : 0;
            }

            return hits;
        }

        double draw = n * p + Math.Sqrt(n * p * (1 - p)) * rng.NextNormal();
        return (int)Math.Clamp(Math.Round(draw), 0, n);
    }

    private static double Estimate(double w, bool[] mappedDamaged, bool[] mappedIntact)
    {
        // A map class with no labelled building tells nothing about itself: fall back to the map's own call.
        double qd = mappedDamaged.Length == 0 ? 1 : (double)mappedDamaged.Count(r => r) / mappedDamaged.Length;
        double qi = mappedIntact.Length == 0 ? 0 : (double)mappedIntact.Count(r => r) / mappedIntact.Length;
        return w * qd + (1 - w) * qi;
    }

    private static bool[] Resample(bool[] values, DeterministicRandom rng)
    {
        var result = new bool[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[rng.Next(0, values.Length)];
        }

        return result;
    }

    private static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(position);
        int hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
    }
}

/// <summary>
/// How the map's calls compare with labels where labels were made, by stratum of mapped damage density around
/// each building: per stratum, labelled damaged buildings and how many the map called damaged, labelled intact
/// ones and how many it called damaged.
/// </summary>
public sealed record DetectionRates(int[] Damaged, int[] Detected, int[] Intact, int[] FalseAlarms)
{
    /// <summary>Labelled damaged and intact buildings a stratum needs before its rates are used.</summary>
    public const int MinimumPerClass = 10;

    public double Sensitivity(int k) => Damaged[k] == 0 ? 0 : (double)Detected[k] / Damaged[k];

    public double FalseAlarmRate(int k) => Intact[k] == 0 ? 0 : (double)FalseAlarms[k] / Intact[k];

    /// <summary>Whether stratum k has enough labels of both kinds, and the map separates them there.</summary>
    public bool Supported(int k) => Damaged[k] >= MinimumPerClass && Intact[k] >= MinimumPerClass && Sensitivity(k) - FalseAlarmRate(k) > 0.02;

    /// <summary>For each stratum, the supported stratum whose rates it takes (itself, else the nearest; -1 when none is).</summary>
    public int[] SourceOfEachStratum()
    {
        var supported = Enumerable.Range(0, Damaged.Length).Where(Supported).ToList();
        return [.. Enumerable.Range(0, Damaged.Length).Select(k => supported.Count == 0 ? -1 : supported.MinBy(s => (Math.Abs(s - k), s)))];
    }

    public int LabelledCount => Damaged.Sum() + Intact.Sum();
}

/// <summary>A transported estimate: share and interval, and whether the labels could measure detection at all.</summary>
public sealed record TransportedShare(double Share, double Lower, double Upper, bool Corrected);

/// <summary>
/// The range of detection where labels were made, by the true damage around each labelled building (the share of
/// its labelled neighbours that are damaged): how often the map detects a damaged building with few damaged
/// neighbours (lone), and the best rate any stratum shows (zero buildings when the densest damage was never
/// labelled, so perfect detection is allowed), each with the number of labelled damaged buildings behind it.
/// </summary>
public sealed record DetectionBounds(int LoneDamaged, double LoneSensitivity, int BestDamaged, double BestSensitivity);
