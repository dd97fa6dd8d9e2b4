using Haven.Damage.Assessment;
using Haven.Damage.Scoring;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Haven.Damage.Aggregation;

/// <summary>
/// The density of mapped damage around each building: the share of scored buildings within
/// <see cref="RadiusMetres"/> of it (itself left out) that the map calls damaged, in strata. PWTT's kernels pool
/// neighbouring pixels, so a damaged building among damaged ones is detected more often than a lone one; rates
/// measured in one area carry to another only stratum by stratum.
/// </summary>
public static class DamageDensity
{
    /// <summary>The neighbourhood: PWTT's middle kernel radius.</summary>
    public const double RadiusMetres = 100;

    /// <summary>Upper edges of the strata of mapped density, below the last (which runs to 1).</summary>
    public static readonly double[] Edges = [0.02, 0.1, 0.3];

    /// <summary>For each building (by index), the indices of the others whose centres lie within the radius of its centre.</summary>
    public static int[][] Neighbours(IReadOnlyList<Footprint> buildings)
    {
        ArgumentNullException.ThrowIfNull(buildings);
        var centres = buildings.Select(b => b.Shape.Centroid.Coordinate).ToArray();
        var tree = new STRtree<int>();
        for (int i = 0; i < centres.Length; i++)
        {
            tree.Insert(new Envelope(centres[i]), i);
        }

        tree.Build();
        var result = new int[centres.Length][];
        Parallel.For(0, centres.Length, i =>
        {
            var c = centres[i];
            var search = new Envelope(c.X - RadiusMetres, c.X + RadiusMetres, c.Y - RadiusMetres, c.Y + RadiusMetres);
            result[i] = [.. tree.Query(search).Where(j => j != i && centres[j].Distance(c) <= RadiusMetres)];
        });
        return result;
    }

    /// <summary>Each scored building's stratum of mapped density on one date, by id.</summary>
    public static Dictionary<string, int> Strata(IReadOnlyList<Footprint> buildings, int[][] neighbours, IReadOnlyDictionary<string, BuildingScore> scores, IReadOnlySet<string> damaged)
    {
        ArgumentNullException.ThrowIfNull(buildings);
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(damaged);
        var strata = new Dictionary<string, int>(buildings.Count);
        for (int i = 0; i < buildings.Count; i++)
        {
            int around = 0, mapped = 0;
            foreach (int j in neighbours[i])
            {
                string id = buildings[j].Id;
                if (scores[id].Scored)
                {
                    around++;
                    mapped += damaged.Contains(id) ? 1 : 0;
                }
            }

            strata[buildings[i].Id] = Stratum(around == 0 ? 0 : (double)mapped / around, Edges);
        }

        return strata;
    }

    /// <summary>The map's detection rates per stratum, from the labelled, scored buildings inside the labels' extent.</summary>
    public static DetectionRates Rates(IReadOnlyList<Footprint> buildings, IReadOnlyDictionary<string, int> strata, IReadOnlyDictionary<string, BuildingScore> scores,
        IReadOnlySet<string> damaged, LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(buildings);
        ArgumentNullException.ThrowIfNull(strata);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(damaged);
        ArgumentNullException.ThrowIfNull(labels);
        return Tally(buildings, Edges.Length + 1, i => strata[buildings[i].Id], scores, damaged, labels);
    }

    /// <summary>Upper edges of the strata of true damage around a labelled building (the share of its labelled neighbours that are damaged).</summary>
    public static readonly double[] TrueEdges = [0.1, 0.3, 0.5];

    /// <summary>
    /// The range of the map's detection inside the labels' extent, by the true damage around each labelled, scored
    /// building (see <see cref="DetectionBounds"/>).
    /// </summary>
    public static DetectionBounds Bounds(IReadOnlyList<Footprint> buildings, int[][] neighbours, IReadOnlyDictionary<string, BuildingScore> scores,
        IReadOnlySet<string> damaged, LabelSet labels)
    {
        ArgumentNullException.ThrowIfNull(buildings);
        ArgumentNullException.ThrowIfNull(neighbours);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(damaged);
        ArgumentNullException.ThrowIfNull(labels);
        int n = TrueEdges.Length + 1;
        var rates = Tally(buildings, n, i =>
        {
            int around = 0, hit = 0;
            foreach (int j in neighbours[i])
            {
                if (labels.Nearest.TryGetValue(buildings[j].Id, out bool neighbourDamaged))
                {
                    around++;
                    hit += neighbourDamaged ? 1 : 0;
                }
            }

            return Stratum(around == 0 ? 0 : (double)hit / around, TrueEdges);
        }, scores, damaged, labels);

        var withDamaged = Enumerable.Range(0, n).Where(k => rates.Damaged[k] >= DetectionRates.MinimumPerClass).ToList();
        int lone = withDamaged.Count == 0 ? -1 : withDamaged[0];
        // The best detection measured, unless the densest damage was never labelled: then nothing bounds it below perfect.
        int best = withDamaged.Contains(n - 1) ? withDamaged.MaxBy(rates.Sensitivity) : -1;
        return new DetectionBounds(lone < 0 ? 0 : rates.Damaged[lone], lone < 0 ? 0 : rates.Sensitivity(lone),
            best < 0 ? 0 : rates.Damaged[best], best < 0 ? 1 : rates.Sensitivity(best));
    }

    /// <summary>The stratum a density falls in: the number of upper edges at or below it.</summary>
    private static int Stratum(double density, double[] edges)
    {
        int k = 0;
        while (k < edges.Length && density >= edges[k])
        {
            k++;
        }

        return k;
    }

    /// <summary>
    /// The map's calls against the labels, per stratum, over the labelled, scored buildings inside the labels' extent;
    /// <paramref name="stratumOf"/> takes a building's index.
    /// </summary>
    private static DetectionRates Tally(IReadOnlyList<Footprint> buildings, int strata, Func<int, int> stratumOf, IReadOnlyDictionary<string, BuildingScore> scores,
        IReadOnlySet<string> damaged, LabelSet labels)
    {
        var rates = new DetectionRates(new int[strata], new int[strata], new int[strata], new int[strata]);
        for (int i = 0; i < buildings.Count; i++)
        {
            string id = buildings[i].Id;
            if (!labels.Covered.Contains(id) || !scores[id].Scored || !labels.Nearest.TryGetValue(id, out bool reference))
            {
                continue;
            }

            int k = stratumOf(i);
            bool mapped = damaged.Contains(id);
            if (reference)
            {
                rates.Damaged[k]++;
                rates.Detected[k] += mapped ? 1 : 0;
            }
            else
            {
                rates.Intact[k]++;
                rates.FalseAlarms[k] += mapped ? 1 : 0;
            }
        }

        return rates;
    }
}
