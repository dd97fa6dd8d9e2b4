using Haven.Geo.Coverage;
using Haven.Geo.Rasters;
using NetTopologySuite.Geometries;

namespace Haven.Damage.Scoring;

/// <summary>A footprint in the raster's CRS, with its id and area in m2.</summary>
public sealed record Footprint(string Id, Geometry Shape, double AreaM2);

/// <summary>
/// Scores buildings on change maps: the coverage-weighted mean of the map over each footprint, damaged above
/// the threshold. The exact cell coverage of every footprint (Haven.Geo) is computed once for the grid and
/// kept as compact (cell, fraction) lists, so each further map is a gather. Thread-safe after construction;
/// footprints are scored in parallel.
/// </summary>
public sealed class BuildingScorer
{
    private readonly IReadOnlyList<Footprint> _footprints;
    private readonly RasterGrid _grid;
    private readonly int[] _start;
    private readonly int[] _cells;
    private readonly float[] _fractions;
    private readonly BuildingFlags[] _flags;

    public BuildingScorer(IReadOnlyList<Footprint> footprints, RasterGrid grid)
    {
        ArgumentNullException.ThrowIfNull(footprints);
        ArgumentNullException.ThrowIfNull(grid);
        _footprints = footprints;
        _grid = grid;
        // Footprints in chunks, each measured into one reused list and packed into flat arrays: no list or
        // array per footprint, which matters with hundreds of thousands of them.
        int chunkSize = Math.Max(256, footprints.Count / (8 * Environment.ProcessorCount) + 1);
        int chunks = (footprints.Count + chunkSize - 1) / chunkSize;
        var packed = new (int[] Cells, float[] Fractions, int[] Counts)[chunks];
        Parallel.For(0, chunks, () => new List<CoveredCell>(), (chunk, _, list) =>
        {
            int first = chunk * chunkSize, end = Math.Min(footprints.Count, first + chunkSize);
            var counts = new int[end - first];
            list.Clear();
            for (int i = first; i < end; i++)
            {
                int before = list.Count;
                CellCoverage.AppendTo(list, CoverageShape.From(footprints[i].Shape), grid, 0, grid.Height);
                counts[i - first] = list.Count - before;
            }

            var cells = new int[list.Count];
            var fractions = new float[list.Count];
            for (int j = 0; j < list.Count; j++)
            {
                cells[j] = list[j].Row * grid.Width + list[j].Column;
                fractions[j] = (float)list[j].Fraction;
            }

            packed[chunk] = (cells, fractions, counts);
            return list;
        }, _ => { });
        _start = new int[footprints.Count + 1];
        for (int c = 0, i = 0; c < chunks; c++)
        {
            foreach (int n in packed[c].Counts)
            {
                _start[i + 1] = _start[i] + n;
                i++;
            }
        }

        _cells = new int[_start[^1]];
        _fractions = new float[_start[^1]];
        for (int c = 0; c < chunks; c++)
        {
            int at = _start[c * chunkSize];
            packed[c].Cells.CopyTo(_cells, at);
            packed[c].Fractions.CopyTo(_fractions, at);
        }

        var (minX, minY, maxX, maxY) = grid.Bounds;
        var bounds = new Envelope(minX, maxX, minY, maxY);
        _flags = new BuildingFlags[footprints.Count];
        for (int i = 0; i < footprints.Count; i++)
        {
            var env = footprints[i].Shape.EnvelopeInternal;
            _flags[i] = !bounds.Intersects(env) ? BuildingFlags.Outside : !bounds.Contains(env) ? BuildingFlags.PartlyOutside : BuildingFlags.None;
        }
    }

    public IReadOnlyList<BuildingScore> Score(Raster<float> map, double threshold, double smallFootprintM2)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (!map.Grid.Matches(_grid))
        {
            throw new ArgumentException("The map is not on the grid the scorer was built for.", nameof(map));
        }

        double cellArea = Math.Abs(_grid.Transform.PixelWidth * _grid.Transform.PixelHeight);
        var data = map.Data;
        var scores = new BuildingScore[_footprints.Count];
        Parallel.For(0, _footprints.Count, i =>
        {
            var f = _footprints[i];
            var flags = _flags[i] | (f.AreaM2 < smallFootprintM2 ? BuildingFlags.Small : BuildingFlags.None);
            if (_flags[i].HasFlag(BuildingFlags.Outside))
            {
                scores[i] = new BuildingScore(f.Id, double.NaN, false, 0, flags);
                return;
            }

            double covered = 0, weighted = 0;
            for (int j = _start[i]; j < _start[i + 1]; j++)
            {
                float v = data[_cells[j]];
                if (!float.IsNaN(v))
                {
                    covered += _fractions[j];
                    weighted += _fractions[j] * v;
                }
            }

            if (covered == 0)
            {
                scores[i] = new BuildingScore(f.Id, double.NaN, false, 0, flags | BuildingFlags.NoData);
                return;
            }

            double score = weighted / covered;
            double coverage = f.AreaM2 > 0 ? Math.Min(1, covered * cellArea / f.AreaM2) : 0;
            scores[i] = new BuildingScore(f.Id, score, score > threshold, coverage, flags);
        });
        return scores;
    }
}
