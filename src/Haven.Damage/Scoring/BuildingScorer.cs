using Haven.Geo.Coverage;
using Haven.Geo.Rasters;
using NetTopologySuite.Geometries;

namespace Haven.Damage.Scoring;

/// <summary>A footprint in the raster's CRS, with its id and area in m2.</summary>
public sealed record Footprint(long Id, Geometry Shape, double AreaM2);

/// <summary>
/// Scores buildings on a T map: the coverage-weighted mean of T over each footprint, with exact cell coverage
/// (Haven.Geo), damaged above the threshold. Footprints are prepared once and reused across dates.
/// Thread-safe after construction.
/// </summary>
public sealed class BuildingScorer
{
    private readonly IReadOnlyList<Footprint> _footprints;
    private readonly List<CoverageShape> _shapes;

    public BuildingScorer(IReadOnlyList<Footprint> footprints)
    {
        ArgumentNullException.ThrowIfNull(footprints);
        _footprints = footprints;
        _shapes = [.. footprints.Select(f => CoverageShape.From(f.Shape))];
    }

    public IReadOnlyList<BuildingScore> Score(Raster<float> t, double threshold, double smallFootprintM2)
    {
        ArgumentNullException.ThrowIfNull(t);
        var stats = ZonalStatistics.Compute(new InMemoryRasterSource<float>(t), 1, _shapes).Value;
        var (minX, minY, maxX, maxY) = t.Grid.Bounds;
        var bounds = new Envelope(minX, maxX, minY, maxY);
        double cellArea = Math.Abs(t.Grid.Transform.PixelWidth * t.Grid.Transform.PixelHeight);
        var scores = new List<BuildingScore>(_footprints.Count);
        for (int i = 0; i < _footprints.Count; i++)
        {
            var f = _footprints[i];
            var s = stats[i];
            var env = f.Shape.EnvelopeInternal;
            var flags = f.AreaM2 < smallFootprintM2 ? BuildingFlags.Small : BuildingFlags.None;
            if (!bounds.Intersects(env))
            {
                scores.Add(new BuildingScore(f.Id, double.NaN, false, 0, flags | BuildingFlags.Outside));
                continue;
            }

            if (!bounds.Contains(env))
            {
                flags |= BuildingFlags.PartlyOutside;
            }

            if (s.Count == 0)
            {
                scores.Add(new BuildingScore(f.Id, double.NaN, false, 0, flags | BuildingFlags.NoData));
                continue;
            }

            double coverage = f.AreaM2 > 0 ? Math.Min(1, s.Coverage * cellArea / f.AreaM2) : 0;
            scores.Add(new BuildingScore(f.Id, s.CoverageMean, s.CoverageMean > threshold, coverage, flags));
        }

        return scores;
    }
}
