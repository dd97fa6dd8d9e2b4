using Haven.Geo.Rasters;

namespace Haven.Geo.Coverage;

/// <summary>
/// Zonal statistics of many polygons over one raster band, streaming through the raster by blocks of rows:
/// each block is read once, and every polygon that reaches into it takes its exactly covered cells from it
/// (<see cref="CellCoverage"/>), polygons in parallel. Memory holds one block of rows and one accumulator per
/// polygon. Stateless; sources are read from the calling thread only.
/// </summary>
public static class ZonalStatistics
{
    /// <summary>Rows read per block at least; a strip-organised file is read in its own strips otherwise.</summary>
    public const int MinimumBlockRows = 128;

    public static Outcome<IReadOnlyList<ZonalStats>> Compute(
        IRasterSource source, int band, IReadOnlyList<CoverageShape> shapes, IProgress<WorkProgress>? progress = null) =>
        Compute(source, band, shapes, new ZonalOptions(), progress);

    /// <summary>
    /// Statistics with <paramref name="options"/>: every covered cell kept for distribution statistics, and a weights
    /// raster on the same grid for weighted_mean and weighted_sum.
    /// </summary>
    public static Outcome<IReadOnlyList<ZonalStats>> Compute(
        IRasterSource source, int band, IReadOnlyList<CoverageShape> shapes, ZonalOptions options, IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(shapes);
        ArgumentNullException.ThrowIfNull(options);
        var grid = source.Grid;
        if (options.Weights is { } w && (w.Grid.Width != grid.Width || w.Grid.Height != grid.Height || w.Grid.Transform != grid.Transform))
        {
            return Outcome<IReadOnlyList<ZonalStats>>.Failure("zonal.weights_grid",
                $"the weights raster is {w.Grid.Width} x {w.Grid.Height} cells on another grid than the values' {grid.Width} x {grid.Height}; expected the same grid (size, origin and cell size).");
        }

        double h = -grid.Transform.PixelHeight;
        int n = shapes.Count;
        var first = new int[n];
        var last = new int[n];
        for (int i = 0; i < n; i++)
        {
            first[i] = Math.Max(0, (int)Math.Floor((grid.Transform.OriginY - shapes[i].MaxY) / h));
            last[i] = Math.Min(grid.Height - 1, (int)Math.Floor((grid.Transform.OriginY - shapes[i].MinY) / h));
        }

        // The polygons that reach the raster, by their first row (each polygon's sums are its own, so ties may fall in any order).
        var reaching = new List<int>(n);
        for (int i = 0; i < n; i++)
        {
            if (first[i] <= last[i] && shapes[i].RingCount > 0)
            {
                reaching.Add(i);
            }
        }

        int[] order = [.. reaching];
        Array.Sort(Array.ConvertAll(order, i => first[i]), order);
        var acc = new Accumulator[n];
        for (int i = 0; i < n; i++)
        {
            acc[i] = Accumulator.Empty;
        }

        var cells = options.KeepCells ? new List<ZonalCell>[n] : null;

        int blockRows = Math.Max(MinimumBlockRows, source.BlockHeight);
        blockRows = (blockRows + source.BlockHeight - 1) / Math.Max(1, source.BlockHeight) * Math.Max(1, source.BlockHeight);
        var active = new List<int>();
        int next = 0;
        // One buffer for the values and one for the weights, reused block after block.
        var values = new double[(long)blockRows * grid.Width];
        var weights = options.Weights is null ? null : new double[values.Length];
        double? noData = source.NoData;
        for (int start = 0; start < grid.Height; start += blockRows)
        {
            int end = Math.Min(grid.Height, start + blockRows);
            active.RemoveAll(i => last[i] < start);
            while (next < order.Length && first[order[next]] < end)
            {
                active.Add(order[next++]);
            }

            progress?.Report(new WorkProgress("zonal statistics", start, grid.Height));
            if (active.Count == 0)
            {
                continue;
            }

            if (source.ReadRows(band, start, end - start, values) is { } problem)
            {
                return problem;
            }

            if (options.Weights is { } weightSource && weightSource.ReadRows(options.WeightsBand, start, end - start, weights!) is { } weightProblem)
            {
                return weightProblem;
            }

            double? weightNoData = options.Weights?.NoData;
            var block = active.ToArray();
            // Each polygon's accumulator is touched by one worker only, so polygons run in parallel safely. Each worker
            // reuses one list of covered cells for all its polygons.
            Parallel.For(0, block.Length, new ParallelOptions { MaxDegreeOfParallelism = block.Length < 256 ? 1 : Environment.ProcessorCount }, () => new List<CoveredCell>(), (j, _, covered) =>
            {
                int i = block[j];
                covered.Clear();
                CellCoverage.AppendTo(covered, shapes[i], grid, start, end);
                foreach (var cell in covered)
                {
                    double v = values[(cell.Row - start) * grid.Width + cell.Column];
                    if (double.IsNaN(v) || (noData is double nd && v == nd))
                    {
                        continue;
                    }

                    int at = (cell.Row - start) * grid.Width + cell.Column;
                    double weight = weights is null ? double.NaN : weights[at];
                    if (weights is not null && weightNoData is double wnd && weight == wnd)
                    {
                        weight = double.NaN;
                    }

                    acc[i].Add(v, cell.Fraction, weight, weights is not null);
                    if (cells is not null)
                    {
                        (cells[i] ??= []).Add(new ZonalCell((long)cell.Row * grid.Width + cell.Column, cell.Fraction, v));
                    }
                }

                return covered;
            }, _ => { });
        }

        progress?.Report(new WorkProgress("zonal statistics", grid.Height, grid.Height));
        return acc.Select((a, i) => a.ToStats(cells is null ? null : (IReadOnlyList<ZonalCell>?)cells[i] ?? [])).ToList();
    }

    /// <summary>
    /// Running sums of one polygon: Σc, Σcx, the plain count and sum of touched cells, min and max, the weighted
    /// variance (West's incremental algorithm, weights c), and Σcw, Σcwx with a weights raster (NaN once any
    /// weight under the polygon is undefined, as exactextract does).
    /// </summary>
    private struct Accumulator
    {
        public static readonly Accumulator Empty = new() { _min = double.PositiveInfinity, _max = double.NegativeInfinity };

        private int _touched;
        private double _coverage;
        private double _sum;
        private double _plain;
        private double _min;
        private double _max;
        private double _mean;
        private double _squares;
        private double _weightCoverage;
        private double _weightSum;

        public void Add(double value, double fraction, double weight, bool weighted)
        {
            _touched++;
            _coverage += fraction;
            _sum += value * fraction;
            _plain += value;
            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
            double before = _mean;
            _mean += fraction / _coverage * (value - before);
            _squares += fraction * (value - before) * (value - _mean);
            if (weighted)
            {
                _weightCoverage += fraction * weight;
                _weightSum += fraction * weight * value;
            }
        }

        public readonly ZonalStats ToStats(IReadOnlyList<ZonalCell>? cells) => _touched == 0
            ? ZonalStats.Empty with { Cells = cells, WeightedCount = 0, WeightedSum = double.NaN }
            : new ZonalStats(_touched, _coverage, _sum, _plain, _min, _max, _squares / _coverage, _weightCoverage, _weightSum, cells);
    }
}

/// <summary>How <see cref="ZonalStatistics"/> runs: keep every covered cell (for distribution statistics), and a weights raster on the same grid.</summary>
public sealed record ZonalOptions(bool KeepCells = false, IRasterSource? Weights = null, int WeightsBand = 1);
