using Haven.Planning.Population;
using Haven.Protection.Orders;
using NetTopologySuite.Geometries;

namespace Haven.Demo;

/// <summary>
/// The protection story of the Sample Strip: a coastal humanitarian zone in the south-west, four evacuation
/// orders that move people southwards over three months, and the district populations that follow them.
/// Dates echo the pattern seen in Gaza in late 2023; the numbers are invented.
/// </summary>
internal static class StripProtection
{
    public static readonly DateOnly ZoneValidFrom = new(2023, 10, 18);

    /// <summary>A band about 1.4 km wide along the coast of the southern district.</summary>
    public static Polygon Zone(StripGeography geo)
    {
        double h = geo.Options.HeightMetres;
        double width = 0.28 * geo.Options.WidthMetres;
        var coast = new List<Coordinate>();
        var inland = new List<Coordinate>();
        for (double y = 0.025 * h; y <= 0.325 * h + 1e-6; y += 50)
        {
            double x = geo.CoastX(y);
            coast.Add(new Coordinate(x, y));
            inland.Add(new Coordinate(x + width, y));
        }

        inland.Reverse();
        var ring = coast.Concat(inland).Append(coast[0].Copy()).ToArray();
        return (Polygon)geo.Factory.CreatePolygon(ring).Intersection(geo.Land);
    }

    public static IReadOnlyList<EvacuationOrder> Orders(StripGeography geo, IReadOnlyList<LocalBlock> blocks)
    {
        double w = geo.Options.WidthMetres;
        double h = geo.Options.HeightMetres;
        const string StatusEn = "Evacuate now towards the humanitarian area in the south-west.";
        const string StatusAr = "أخلوا فوراً باتجاه المنطقة الإنسانية في الجنوب الغربي.";

        int[] Pick(Func<LocalBlock, Point, bool> rule) =>
            [.. blocks.Where(b => rule(b, b.Shape.Centroid)).Select(b => b.Number).Order()];

        return
        [
            new("SS-EO-2023-10-13", new DateTimeOffset(2023, 10, 13, 5, 30, 0, TimeSpan.FromHours(3)), new DateOnly(2023, 10, 13), null,
                Pick((b, _) => b.District == 0), StatusEn, StatusAr, Names.Source),
            new("SS-EO-2023-11-04", new DateTimeOffset(2023, 11, 4, 7, 0, 0, TimeSpan.FromHours(2)), new DateOnly(2023, 11, 4), null,
                Pick((b, c) => b.District == 1 && c.X > 0.6 * w), StatusEn, StatusAr, Names.Source),
            new("SS-EO-2023-12-02", new DateTimeOffset(2023, 12, 2, 6, 15, 0, TimeSpan.FromHours(2)), new DateOnly(2023, 12, 2), null,
                Pick((b, c) => b.District == 2 && c.X > 0.68 * w && c.Y > 0.15 * h), StatusEn, StatusAr, Names.Source),
            new("SS-EO-2024-01-22", new DateTimeOffset(2024, 1, 22, 8, 0, 0, TimeSpan.FromHours(2)), new DateOnly(2024, 1, 22), null,
                Pick((b, c) => b.District == 1 && c.X <= 0.6 * w && c.Y < 0.45 * h), StatusEn, StatusAr, Names.Source),
        ];
    }

    /// <summary>
    /// People present per district (residents, displaced) after each wave of orders. The total stays at
    /// 420,000: people move south, they do not vanish.
    /// </summary>
    public static IReadOnlyList<PopulationRecord> Population()
    {
        (DateOnly Date, int[] Residents, int[] Displaced)[] table =
        [
            (new(2023, 10, 1), [190_000, 120_000, 110_000], [0, 0, 0]),
            (new(2023, 10, 20), [70_000, 120_000, 110_000], [0, 80_000, 40_000]),
            (new(2023, 11, 15), [45_000, 85_000, 110_000], [0, 95_000, 85_000]),
            (new(2023, 12, 15), [40_000, 80_000, 70_000], [0, 90_000, 140_000]),
            (new(2024, 1, 31), [35_000, 70_000, 70_000], [0, 85_000, 160_000]),
        ];
        var records = new List<PopulationRecord>();
        foreach (var (date, residents, displaced) in table)
        {
            for (int d = 0; d < 3; d++)
            {
                records.Add(new PopulationRecord(Names.Districts[d].Pcode, date, residents[d], displaced[d], Names.Source));
            }
        }

        return records;
    }
}
