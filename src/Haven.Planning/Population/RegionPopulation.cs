using System.Globalization;
using Haven.Geo;
using Haven.Geo.Tabular;

namespace Haven.Planning.Population;

/// <summary>
/// An estimate of the people in a named region that is not one of the store's areas (north of Wadi Gaza), on a
/// date, with its source. Between estimates the latest on or before a day stands; before the first, unknown.
/// </summary>
public sealed record RegionPopulation(string Region, DateOnly Date, long People, string Source)
{
    /// <summary>The estimate standing on <paramref name="day"/> for <paramref name="region"/>: the latest on or before it, or null.</summary>
    public static RegionPopulation? On(IEnumerable<RegionPopulation> estimates, string region, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        return estimates.Where(e => e.Region == region && e.Date <= day).MaxBy(e => e.Date);
    }
}

/// <summary>Region estimates as HXL-tagged CSV, as the store keeps them.</summary>
public static class RegionPopulationTable
{
    public const string Header = "region,date,people,source";
    public const string Tags = "#loc+region,#date,#population,#meta+source";

    public static string Format(IEnumerable<RegionPopulation> rows) =>
        PlanningCsv.Table(Header, Tags, rows, r => $"{CsvText.Quote(r.Region)},{r.Date:yyyy-MM-dd},{r.People},{CsvText.Quote(r.Source)}");

    public static Outcome<IReadOnlyList<RegionPopulation>> Read(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Problems.Count > 0)
        {
            return table.Problems[0];
        }

        int region = Hxl.Find(table, "#loc+region", "region"), date = Hxl.Find(table, "#date", "date"), people = Hxl.Find(table, "#population", "people"), source = Hxl.Find(table, "#meta+source", "source");
        if (region < 0 || date < 0 || people < 0)
        {
            return Outcome<IReadOnlyList<RegionPopulation>>.Failure("regions.columns", $"{table.File}: expected the columns {Header}.");
        }

        var rows = new List<RegionPopulation>();
        foreach (var r in table.Rows)
        {
            if (!r.TryDate(date, out var on) || !long.TryParse(r[people].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) || n < 0 || r[region].Trim().Length == 0)
            {
                return Outcome<IReadOnlyList<RegionPopulation>>.Failure("regions.row",
                    $"{table.File} line {r.Line}: expected a region name, a date (YYYY-MM-DD) and a whole number of people, 0 or more.");
            }

            rows.Add(new RegionPopulation(r[region].Trim(), on, n, source >= 0 ? r[source] : Path.GetFileName(table.File)));
        }

        return rows;
    }
}
