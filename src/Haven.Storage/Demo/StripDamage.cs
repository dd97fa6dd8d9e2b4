using Haven.Geo.Sampling;

namespace Haven.Storage.Demo;

/// <summary>
/// Chooses which buildings the damage event destroys: a base probability per district (heaviest in the north,
/// as reported for northern Gaza in late 2023) raised near a few clustered strike areas, most of them in the north.
/// </summary>
internal static class StripDamage
{
    private static readonly double[] BaseByDistrict = [0.36, 0.13, 0.05];
    private static readonly int[] HotspotsByDistrict = [4, 1, 1];
    private const double HotspotRadius = 380;
    private const double HotspotBoost = 0.4;

    public static IReadOnlySet<long> Choose(IReadOnlyList<LocalBlock> blocks,
        IReadOnlyList<LocalBuilding> buildings, DeterministicRandom rng)
    {
        var hotspots = new List<(double X, double Y)>();
        for (int d = 0; d < 3; d++)
        {
            var districtBlocks = blocks.Where(b => b.District == d).ToList();
            for (int i = 0; i < HotspotsByDistrict[d]; i++)
            {
                var c = districtBlocks[rng.Next(0, districtBlocks.Count)].Shape.Centroid;
                hotspots.Add((c.X, c.Y));
            }
        }

        var damaged = new HashSet<long>();
        foreach (var b in buildings)
        {
            var (x, y) = b.Centre;
            double p = BaseByDistrict[b.District];
            foreach (var (hx, hy) in hotspots)
            {
                double d2 = ((x - hx) * (x - hx) + (y - hy) * (y - hy)) / (HotspotRadius * HotspotRadius);
                p += HotspotBoost * Math.Exp(-d2);
            }

            if (rng.Chance(Math.Min(p, 0.95)))
            {
                damaged.Add(b.Id);
            }
        }

        return damaged;
    }
}
