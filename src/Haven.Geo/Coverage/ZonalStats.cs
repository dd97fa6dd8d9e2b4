namespace Haven.Geo.Coverage;

/// <summary>A covered cell as distribution statistics need it: its id (row × width + column), covered fraction and value.</summary>
public readonly record struct ZonalCell(long CellId, double Coverage, double Value);

/// <summary>
/// What one polygon covers of one raster band, as running sums (and, when asked, every covered cell), from which
/// each <see cref="ZonalStatistic"/> is read by <see cref="Get"/>. Cells without a value are not counted. With no
/// covered cell, <see cref="Count"/> is 0 and every value statistic is NaN (no value, not zero).
/// </summary>
public sealed record ZonalStats(
    int TouchedCount,
    double Count,
    double Sum,
    double TouchedSum,
    double Min,
    double Max,
    double Variance,
    double WeightedCount,
    double WeightedSum,
    IReadOnlyList<ZonalCell>? Cells = null)
{
    public static readonly ZonalStats Empty = new(0, 0, 0, 0, double.NaN, double.NaN, double.NaN, 0, 0);

    /// <summary>Coverage-weighted mean, Σcx / Σc.</summary>
    public double Mean => Count > 0 ? Sum / Count : double.NaN;

    /// <summary>The plain mean of touched cells, each counted whole.</summary>
    public double TouchedMean => TouchedCount > 0 ? TouchedSum / TouchedCount : double.NaN;

    /// <summary>A statistic that is one number; <see cref="ZonalStatistic.NeedsCells"/> statistics need <see cref="Cells"/>.</summary>
    public double Get(ZonalStatistic statistic)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        return statistic.Name switch
        {
            "count" => Count,
            "sum" => TouchedCount > 0 ? Sum : double.NaN,
            "mean" => Mean,
            "min" => Min,
            "max" => Max,
            "stdev" => Math.Sqrt(Variance),
            "variance" => Variance,
            "weighted_mean" => WeightedCount > 0 ? WeightedSum / WeightedCount : double.NaN,
            "weighted_sum" => TouchedCount > 0 ? WeightedSum : double.NaN,
            "touched_count" => TouchedCount,
            "touched_mean" => TouchedMean,
            "variety" => Frequencies().Count,
            "majority" => Frequencies() is { Count: > 0 } f ? f.OrderByDescending(kv => kv.Value).ThenByDescending(kv => kv.Key).First().Key : double.NaN,
            "minority" => Frequencies() is { Count: > 0 } f ? f.OrderBy(kv => kv.Value).ThenBy(kv => kv.Key).First().Key : double.NaN,
            "median" => Quantile(0.5),
            "quantile" => Quantile(statistic.Q!.Value),
            _ => throw new ArgumentOutOfRangeException(nameof(statistic), statistic.Name, "Not a single-number statistic."),
        };
    }

    /// <summary>Each distinct value's share of the covered area (Σc of the value / Σc), by value.</summary>
    public SortedDictionary<double, double> Fractions()
    {
        var shares = new SortedDictionary<double, double>();
        foreach (var (value, coverage) in Frequencies())
        {
            shares[value] = coverage / Count;
        }

        return shares;
    }

    /// <summary>Σc per distinct value.</summary>
    private Dictionary<double, double> Frequencies()
    {
        var cells = Cells ?? throw new InvalidOperationException("The cells were not kept; ask for a statistic that needs them.");
        var frequencies = new Dictionary<double, double>();
        foreach (var cell in cells)
        {
            frequencies[cell.Value] = frequencies.GetValueOrDefault(cell.Value) + cell.Coverage;
        }

        return frequencies;
    }

    /// <summary>
    /// The coverage-weighted quantile: values sorted, each at the position s_k = k·c_k + (n − 1)·C_(k−1) (C the running
    /// sum of coverage), and q·(n − 1)·Σc found between two positions by linear interpolation. With equal weights this
    /// is the familiar linear quantile (numpy's default).
    /// </summary>
    private double Quantile(double q)
    {
        var cells = Cells ?? throw new InvalidOperationException("The cells were not kept; ask for a statistic that needs them.");
        if (cells.Count == 0)
        {
            return double.NaN;
        }

        var sorted = cells.OrderBy(c => c.Value).ToArray();
        int n = sorted.Length;
        var position = new double[n];
        double cumulative = 0;
        for (int k = 0; k < n; k++)
        {
            position[k] = k == 0 ? 0 : k * sorted[k].Coverage + (n - 1) * cumulative;
            cumulative += sorted[k].Coverage;
        }

        double target = q * cumulative * (n - 1);
        int right = 0;
        while (right < n && position[right] <= target)
        {
            right++;
        }

        int left = right - 1;
        if (right == n)
        {
            return sorted[left].Value;
        }

        return sorted[left].Value + (target - position[left]) * (sorted[right].Value - sorted[left].Value) / (position[right] - position[left]);
    }
}
