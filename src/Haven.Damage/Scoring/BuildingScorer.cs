using Haven.Geo.Coverage;
using Haven.Geo.Rasters;
using NetTopologySuite.Geometries;

namespace Haven.Damage.Scoring;

/// <summary>A footprint in the raster's CRS, with its id and area in m2.</summary>
public sealed record Footprint(long Id, Geometry Shape, double AreaM2);

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
        var covered = new List<CoveredCell>[footprints.Count];
        Parallel.For(0, footprints.Count, i => covered[i] = CellCoverage.Compute(CoverageShape.From(footprints[i].Shape), grid));
        _start = new int[footprints.Count + 1];
        for (int i = 0; i < footprints.Count; i++)
        {
            _start[i + 1] = _start[i] + covered[i].Count;
        }

        _cells = new int[_start[^1]];
        _fractions = new float[_start[^1]];
        for (int i = 0; i < footprints.Count; i++)
        {
            int at = _start[i];
            foreach (var cell in covered[i])
            {
                _cells[at] = cell.Row * grid.Width + cell.Column;
                _fractions[at++] = (float)cell.Fraction;
            }
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
