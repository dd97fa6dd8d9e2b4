using Haven.Geo.Sampling;

namespace Haven.Demo;

/// <summary>
/// Chooses which buildings the damage event destroys. Destruction in a war is clustered: whole
/// neighbourhoods around strike areas, far more in some districts than others. Here strike areas are centred
/// on buildings drawn at random (so they fall where people live), most of them in the north, each destroying
/// buildings with probability 0.9 exp(-d^2 / r^2); a low base probability per district adds scattered damage.
/// The north ends with about 40% of its buildings destroyed, as reported for northern Gaza in late 2023.
/// </summary>
internal static class StripDamage
{
    private static readonly double[] BaseByDistrict = [0.06, 0.025, 0.01];
    private static readonly int[] StrikeAreasByDistrict = [20, 4, 2];
    private const double StrikeRadius = 300;
    private const double StrikeProbability = 0.9;

    public static IReadOnlySet<long> Choose(IReadOnlyList<LocalBuilding> buildings, DeterministicRandom rng, IReadOnlyList<DistrictDamage>? damage = null)
    {
        damage ??= [.. BaseByDistrict.Zip(StrikeAreasByDistrict, (p, n) => new DistrictDamage(p, n))];
        var strikes = new List<(double X, double Y)>();
        for (int d = 0; d < 3; d++)
        {
            var inDistrict = buildings.Where(b => b.District == d).ToList();
            for (int i = 0; i < damage[d].StrikeAreas && inDistrict.Count > 0; i++)
            {
                strikes.Add(inDistrict[rng.Next(0, inDistrict.Count)].Centre);
            }
        }

        var damaged = new HashSet<long>();
        foreach (var b in buildings)
        {
            var (x, y) = b.Centre;
            double intact = 1 - damage[b.District].BaseProbability;
            foreach (var (hx, hy) in strikes)
            {
                double d2 = ((x - hx) * (x - hx) + (y - hy) * (y - hy)) / (StrikeRadius * StrikeRadius);
                intact *= 1 - StrikeProbability * Math.Exp(-d2);
            }

            if (rng.Chance(1 - intact))
            {
                damaged.Add(b.Id);
            }
        }

        return damaged;
    }
}
