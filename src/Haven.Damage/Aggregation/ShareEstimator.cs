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
