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
        IRasterSource source, int band, IReadOnlyList<CoverageShape> shapes, IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(shapes);
        var grid = source.Grid;
        double h = -grid.Transform.PixelHeight;
        int n = shapes.Count;
        var first = new int[n];
        var last = new int[n];
        for (int i = 0; i < n; i++)
        {
            var env = shapes[i].Envelope;
            first[i] = Math.Max(0, (int)Math.Floor((grid.Transform.OriginY - env.MaxY) / h));
            last[i] = Math.Min(grid.Height - 1, (int)Math.Floor((grid.Transform.OriginY - env.MinY) / h));
        }

        int[] order = [.. Enumerable.Range(0, n).Where(i => first[i] <= last[i] && !shapes[i].Envelope.IsNull).OrderBy(i => first[i])];
        var acc = new Accumulator[n];
        for (int i = 0; i < n; i++)
        {
            acc[i] = Accumulator.Empty;
        }

        int blockRows = Math.Max(MinimumBlockRows, source.BlockHeight);
        blockRows = (blockRows + source.BlockHeight - 1) / Math.Max(1, source.BlockHeight) * Math.Max(1, source.BlockHeight);
        var active = new List<int>();
        int next = 0;
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

            var rows = source.ReadRows(band, start, end - start);
            if (!rows.Succeeded)
            {
                return rows.Problem!;
            }

            var values = rows.Value;
            var block = active.ToArray();
            // Each polygon's accumulator is touched by one worker only, so polygons run in parallel safely.
            Parallel.For(0, block.Length, new ParallelOptions { MaxDegreeOfParallelism = block.Length < 256 ? 1 : Environment.ProcessorCount }, j =>
            {
                int i = block[j];
                foreach (var cell in CellCoverage.Compute(shapes[i], grid, start, end))
                {
                    double v = values[(cell.Row - start) * grid.Width + cell.Column];
                    if (double.IsNaN(v) || (noData is double nd && v == nd))
                    {
                        continue;
                    }

                    acc[i].Add(v, cell.Fraction);
                }
            });
        }

        progress?.Report(new WorkProgress("zonal statistics", grid.Height, grid.Height));
        return acc.Select(a => a.ToStats()).ToList();
    }

    private struct Accumulator
    {
        public static readonly Accumulator Empty = new() { Min = double.PositiveInfinity, Max = double.NegativeInfinity };

        private int _count;
        private double _coverage;
        private double _weighted;
        private double _plain;

        public double Min;
        public double Max;

        public void Add(double value, double fraction)
        {
            _count++;
            _coverage += fraction;
            _weighted += value * fraction;
            _plain += value;
            Min = Math.Min(Min, value);
            Max = Math.Max(Max, value);
        }

        public readonly ZonalStats ToStats() => _count == 0
            ? new ZonalStats(0, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN)
            : new ZonalStats(_count, _coverage, _weighted, _plain / _count, _weighted / _coverage, Min, Max);
    }
}
