namespace Haven.Geo.Coverage;

/// <summary>
/// Statistics of the raster cells a polygon covers, nodata and NaN cells left out:
/// <see cref="Count"/> cells touched (coverage above zero), <see cref="Coverage"/> the sum of their covered
/// fractions (cell-equivalents of area), <see cref="Sum"/> the coverage-weighted sum, <see cref="Mean"/> the
/// plain mean of touched cells, <see cref="CoverageMean"/> the coverage-weighted mean (Sum / Coverage, as
/// exactextract's mean), and <see cref="Min"/> and <see cref="Max"/> over touched cells. With no valid cell,
/// the count is 0 and the rest are NaN.
/// </summary>
public sealed record ZonalStats(int Count, double Coverage, double Sum, double Mean, double CoverageMean, double Min, double Max)
{
    /// <summary>The names `haven zonal --stats` accepts, in output order.</summary>
    public static readonly IReadOnlyList<string> Names = ["count", "coverage", "sum", "mean", "coverage_mean", "min", "max"];

    public double Get(string name) => name switch
    {
        "count" => Count,
        "coverage" => Coverage,
        "sum" => Sum,
        "mean" => Mean,
        "coverage_mean" => CoverageMean,
        "min" => Min,
        "max" => Max,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown statistic."),
    };
}
