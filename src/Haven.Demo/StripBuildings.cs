using Haven.Geo.Sampling;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Haven.Demo;

/// <summary>A building footprint in local metres: an axis-aligned rectangle inside one block.</summary>
internal sealed record LocalBuilding(long Id, Envelope Rect, int Block, int District)
{
    public double Area => Rect.Area;

    public (double X, double Y) Centre => (Rect.Centre.X, Rect.Centre.Y);
}

/// <summary>
/// Lays out streets and buildings inside each block. A block is set back from its edges by half a main road;
/// inside, strips of two back-to-back rows of lots run east-west between local streets; each lot may hold one
/// building set back from its edges. Lots are disjoint and buildings lie strictly inside their lots, so no two
/// footprints overlap and streets separate the rows. Towns make lots narrower and more often built.
/// </summary>
internal static class StripBuildings
{
    private const double MainRoadHalfWidth = 7;
    private const double LocalStreetWidth = 8;
    private const double MinArea = 60;
    private const double MaxArea = 600;

    public static IReadOnlyList<LocalBuilding> Build(StripGeography geo, IReadOnlyList<LocalBlock> blocks, DeterministicRandom rng)
    {
        var buildings = new List<LocalBuilding>();
        foreach (var block in blocks)
        {
            var inner = block.Shape.Buffer(-MainRoadHalfWidth);
            if (inner.IsEmpty)
            {
                continue;
            }

            var prepared = PreparedGeometryFactory.Prepare(inner);
            var env = inner.EnvelopeInternal;
            double top = env.MaxY;
            while (top - env.MinY > 30)
            {
                double depthNorth = rng.Uniform(18, 26);
                double depthSouth = rng.Uniform(18, 26);
                FillRow(geo, block, prepared, env, top - depthNorth, top, streetOnNorth: true, rng, buildings);
                FillRow(geo, block, prepared, env, top - depthNorth - depthSouth, top - depthNorth, streetOnNorth: false, rng, buildings);
                top -= depthNorth + depthSouth + LocalStreetWidth;
            }
        }

        return buildings;
    }

    private static void FillRow(
        StripGeography geo, LocalBlock block, IPreparedGeometry inner, Envelope env,
        double minY, double maxY, bool streetOnNorth, DeterministicRandom rng, List<LocalBuilding> buildings)
    {
        double x = env.MinX;
        while (x < env.MaxX - 10)
        {
            double urban = geo.Urbanity(x, (minY + maxY) / 2);
            double frontage = urban > 0.5 ? rng.Uniform(11, 20) : rng.Uniform(14, 30);
            double lotMinX = x;
            double lotMaxX = Math.Min(x + frontage, env.MaxX);
            x = lotMaxX;
            if (!rng.Chance(0.06 + 0.9 * urban))
            {
                continue;
            }

            double side = urban > 0.5 ? rng.Uniform(1.0, 1.6) : rng.Uniform(2.0, 4.0);
            double front = rng.Uniform(1.5, 3.0);
            double back = rng.Uniform(1.0, 2.0);
            double width = lotMaxX - lotMinX - 2 * side;
            double depth = (maxY - minY - front - back) * rng.Uniform(0.65, 1.0);
            if (width <= 0 || depth <= 0)
            {
                continue;
            }

            if (width * depth > MaxArea)
            {
                depth = MaxArea / width;
            }

            if (width * depth < MinArea)
            {
                continue;
            }

            // The building faces its street: on the north edge of a north row, on the south edge of a south row.
            double y0 = streetOnNorth ? maxY - front - depth : minY + front;
            var rect = new Envelope(lotMinX + side, lotMinX + side + width, y0, y0 + depth);
            if (!inner.Contains(geo.Factory.ToGeometry(rect)))
            {
                continue;
            }

            buildings.Add(new LocalBuilding(buildings.Count + 1, rect, block.Number, block.District));
        }
    }
}
