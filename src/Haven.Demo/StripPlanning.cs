using Haven.Planning;
using Haven.Planning.Aid;
using Haven.Planning.Capacity;
using Haven.Planning.Population;
using Haven.Protection.Areas;

namespace Haven.Demo;

/// <summary>
/// The Sample Strip's planning tables (synthetic): the movements behind its population counts and returns after
/// them, WASH and shelter services per district, two crossings, access, and a daily truck log.
/// </summary>
public static class StripPlanning
{
    public static readonly DateOnly TrucksFrom = new(2024, 1, 20);
    public static readonly DateOnly TrucksTo = new(2024, 2, 10);

    /// <summary>From this date convoys cannot reach the North District.</summary>
    public static readonly DateOnly NorthCutOff = new(2023, 11, 10);

    public static PlanningData Build(IReadOnlyList<Area> districts)
    {
        ArgumentNullException.ThrowIfNull(districts);
        string n = Names.Districts[0].Pcode, c = Names.Districts[1].Pcode, s = Names.Districts[2].Pcode;
        string src = Names.Source;
        var movements = new List<Movement>
        {
            // The first wave, as the 2023-10-20 counts show it: 120,000 leave the north.
            new(n, c, new DateOnly(2023, 10, 14), 80_000, src),
            new(n, s, new DateOnly(2023, 10, 14), 40_000, src),
            // The second wave, as the 2023-11-15 counts show it.
            new(n, c, new DateOnly(2023, 11, 11), 15_000, src),
            new(n, s, new DateOnly(2023, 11, 11), 10_000, src),
            new(c, s, new DateOnly(2023, 11, 11), 35_000, src, Origin: c),
            // After the last count: some go home to the centre, some move on south.
            new(s, c, new DateOnly(2024, 2, 5), 6_000, src, Origin: c),
            new(c, s, new DateOnly(2024, 2, 8), 4_000, src),
        };

        var services = new List<ServiceRecord>();
        foreach (var (date, factor) in new[] { (new DateOnly(2023, 10, 1), 1.0), (new DateOnly(2023, 12, 15), 0.6), (new DateOnly(2024, 1, 31), 0.5) })
        {
            services.Add(new ServiceRecord(n, date, (int)(400 * factor), (int)(2_500 * factor), 190_000 * 40 * factor, 0, src));
            services.Add(new ServiceRecord(c, date, (int)(600 * factor), (int)(3_000 * factor), 120_000 * 40 * factor, date.Year == 2024 ? 120_000 : 0, src));
            services.Add(new ServiceRecord(s, date, (int)(500 * factor), (int)(2_800 * factor), 110_000 * 40 * factor, date.Year == 2024 ? 300_000 : 0, src));
        }

        // Crossings at the south end and the north end of the strip.
        var south = districts.First(a => a.Pcode == s).Boundary.EnvelopeInternal;
        var north = districts.First(a => a.Pcode == n).Boundary.EnvelopeInternal;
        var crossings = new List<Crossing>
        {
            new("SG", "Southern Gate", "البوابة الجنوبية", Math.Round(south.Centre.X, 5), Math.Round(south.MinY, 5), src),
            new("NG", "Northern Gate", "البوابة الشمالية", Math.Round(north.Centre.X, 5), Math.Round(north.MaxY, 5), src),
        };
        var access = new List<AccessRecord>
        {
            new(n, NorthCutOff, null, false, "roads north of the central district closed by fighting", src),
        };

        var trucks = new List<Delivery>();
        for (var day = TrucksFrom; day <= TrucksTo; day = day.AddDays(1))
        {
            int i = day.DayNumber - TrucksFrom.DayNumber;
            int food = 8 + (i % 7);              // trucks of food offloaded, about 16 t each
            int water = 8 + (i % 3) * 2;         // trucks of water
            trucks.Add(new Delivery(day, "SG", food, food * 16.0, "food", Stage.Offloaded, null, src));
            trucks.Add(new Delivery(day, "SG", food * 3 / 4, food * 3 / 4 * 16.0, "food", Stage.Collected, null, src));
            trucks.Add(new Delivery(day, "SG", food / 4, food / 4 * 16.0, "food", Stage.Delivered, c, src));
            trucks.Add(new Delivery(day, "SG", food / 3, food / 3 * 16.0, "food", Stage.Delivered, s, src));
            trucks.Add(new Delivery(day, "SG", water, water * 20.0, "water", Stage.Offloaded, null, src));
            trucks.Add(new Delivery(day, "SG", water, water * 20.0, "water", Stage.Collected, null, src));
            trucks.Add(new Delivery(day, "SG", water / 2, water / 2 * 20.0, "water", Stage.Delivered, s, src));
        }

        return new PlanningData(movements, services, trucks, crossings, access);
    }
}
