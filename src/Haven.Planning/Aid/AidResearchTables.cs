using System.Globalization;
using Haven.Geo;
using Haven.Geo.Tabular;
using Haven.Planning.Population;

namespace Haven.Planning.Aid;

/// <summary>
/// The research tables a coordinator may hold beside the agencies' records, in the shapes the LSHTM
/// food-availability study publishes them, each row with its source: a region's population over time
/// (date, pop_north, source, url), trucks and tonnes that reached a region over periods (date_1, date_2,
/// n_trucks, unit, notes), and airdrops and sea deliveries (date, area, route, kg, kcal, sender, source).
/// </summary>
public static partial class AidRecords
{
    private static Outcome<AidRecordsRead>? ReadResearchTable(CsvTable table, AidFactors factors, string? region)
    {
        string file = Path.GetFileName(table.File);
        string source = Path.GetFileNameWithoutExtension(table.File);
        int date = table.Column("date");
        int pop = Enumerable.Range(0, table.Header.Count).FirstOrDefault(i => table.Header[i].Trim().StartsWith("pop_", StringComparison.OrdinalIgnoreCase), -1);
        if (date >= 0 && pop >= 0)
        {
            return RegionTable(table, file, date, pop);
        }

        int from = table.Column("date_1"), to = table.Column("date_2"), trucks = table.Column("n_trucks"), unit = table.Column("unit");
        if (from >= 0 && to >= 0 && trucks >= 0 && unit >= 0)
        {
            if (string.IsNullOrWhiteSpace(region))
            {
                return Outcome<AidRecordsRead>.Failure("aid.region",
                    $"{table.File}: a table of deliveries over periods (date_1, date_2, n_trucks) does not say which region they reached; give it with --region (region=), for example north.");
            }

            return PeriodTable(table, factors, file, source, region.Trim(), from, to, trucks, unit);
        }

        int area = table.Column("area"), route = table.Column("route"), kg = table.Column("kg"), kcal = table.Column("kcal");
        if (date >= 0 && area >= 0 && route >= 0 && kg >= 0 && kcal >= 0)
        {
            return DropTable(table, file, source, date, area, route, kg, kcal);
        }

        return null;
    }

    /// <summary>A row's date, or null with the row listed as skipped.</summary>
    private static DateOnly? DateOf(string text, string where, List<SkippedRow> skipped)
    {
        if (TryDate(text, out var on))
        {
            return on;
        }

        skipped.Add(new SkippedRow(where, $"date '{text}' is not a date"));
        return null;
    }

    private static Outcome<AidRecordsRead> RegionTable(CsvTable table, string file, int date, int pop)
    {
        string region = table.Header[pop].Trim()[4..];
        int source = table.Column("source"), url = table.Column("url");
        var rows = new List<RegionPopulation>();
        var skipped = new List<SkippedRow>();
        foreach (var r in table.Rows)
        {
            string where = $"{file} line {r.Line}";
            if (DateOf(r[date], where, skipped) is not { } on)
            {
                continue;
            }

            if (!long.TryParse(r[pop].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out long people) || people < 0)
            {
                skipped.Add(new SkippedRow(where, $"{table.Header[pop]} '{r[pop]}' is not a whole number of people"));
                continue;
            }

            string said = source >= 0 ? r[source].Trim() : file;
            string link = url >= 0 ? r[url].Trim() : string.Empty;
            rows.Add(new RegionPopulation(region, on, people, link.Length > 0 ? $"{said} ({link})" : said));
        }

        return new AidRecordsRead($"population of the region '{region}' over time", region, [], skipped, table.Rows.Count, []) { Regions = rows };
    }

    private static Outcome<AidRecordsRead> PeriodTable(CsvTable table, AidFactors factors, string file, string source, string region, int from, int to, int trucks, int unit)
    {
        int notes = table.Column("notes");
        var arrivals = new List<Arrival>();
        var skipped = new List<SkippedRow>();
        foreach (var r in table.Rows)
        {
            string where = $"{file} line {r.Line}";
            if (!TryDate(r[from], out var start) || !TryDate(r[to], out var end) || end < start)
            {
                skipped.Add(new SkippedRow(where, $"date_1 '{r[from]}' and date_2 '{r[to]}' must be dates, date_2 on or after date_1"));
                continue;
            }

            string u = r[unit].Trim().ToLowerInvariant();
            if (!double.TryParse(r[trucks].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double n) || !double.IsFinite(n) || n < 0 || u is not ("truck" or "trucks" or "mt" or "t"))
            {
                skipped.Add(new SkippedRow(where, $"n_trucks '{r[trucks]}' in unit '{r[unit]}': expected a number, 0 or more, of truck or MT"));
                continue;
            }

            // The table gives a total over the period: it is spread evenly over its days, and said so.
            int days = end.DayNumber - start.DayNumber + 1;
            bool inTrucks = u.StartsWith('t') && u != "t";
            double perDay = n / days;
            double tonnes = inTrucks ? perDay * factors.KgPerTruck / 1000 : perDay;
            var (kcal, energy) = factors.Energy(tonnes, AidCategories.Food, string.Empty);
            string assumed = string.Join("; ", new[]
            {
                days > 1 ? $"the period's {n.ToString("0.###", CultureInfo.InvariantCulture)} {(inTrucks ? "trucks" : "t")} spread over its {days} days" : "",
                inTrucks ? string.Create(CultureInfo.InvariantCulture, $"{factors.KgPerTruck / 1000:0.#} t a truck") : "",
                energy,
            }.Where(x => x.Length > 0));
            for (var day = start; day <= end; day = day.AddDays(1))
            {
                arrivals.Add(new Arrival(source, r.Line.ToString(CultureInfo.InvariantCulture), day, null, "land", AidCategories.Food, "food", notes >= 0 ? r[notes].Trim() : string.Empty,
                    n, r[unit].Trim(), notes >= 0 ? r[notes].Trim() : string.Empty, inTrucks ? perDay : null, tonnes, kcal, assumed, string.Empty, region, where));
            }
        }

        return new AidRecordsRead($"deliveries to the region '{region}' over periods", source, arrivals, skipped, table.Rows.Count, []);
    }

    private static Outcome<AidRecordsRead> DropTable(CsvTable table, string file, string source, int date, int area, int route, int kg, int kcal)
    {
        int sender = table.Column("sender"), notes = table.Column("notes"), url = table.Column("source"), units = table.Column("units"), unit = table.Column("unit");
        var arrivals = new List<Arrival>();
        var skipped = new List<SkippedRow>();
        foreach (var r in table.Rows)
        {
            string where = $"{file} line {r.Line}";
            if (DateOf(r[date], where, skipped) is not { } on)
            {
                continue;
            }

            string way = r[route].Trim().ToLowerInvariant() switch { "air" or "aerial" => "air", "sea" or "maritime" => "sea", "land" => "land", _ => "" };
            if (way.Length == 0)
            {
                skipped.Add(new SkippedRow(where, $"route '{r[route]}' is not air, sea or land"));
                continue;
            }

            double? Number(int column) => double.TryParse(r[column].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && v >= 0 ? v : null;
            double? energy = Number(kcal);
            if (energy is null)
            {
                skipped.Add(new SkippedRow(where, $"kcal '{r[kcal]}' is not a number, 0 or more"));
                continue;
            }

            double? weight = Number(kg) is double k ? k / 1000 : null;
            string link = url >= 0 ? r[url].Trim() : string.Empty;
            arrivals.Add(new Arrival(source, r.Line.ToString(CultureInfo.InvariantCulture), on, null, way, AidCategories.Food, "food", notes >= 0 ? r[notes].Trim() : string.Empty,
                units >= 0 ? Number(units) : null, unit >= 0 ? r[unit].Trim() : string.Empty, sender >= 0 ? r[sender].Trim() : string.Empty, null, weight, energy,
                notes >= 0 ? r[notes].Trim() : string.Empty, string.Empty, r[area].Trim().Length > 0 ? r[area].Trim() : null, link.Length > 0 ? $"{where} ({link})" : where));
        }

        return new AidRecordsRead("airdrops and sea deliveries", source, arrivals, skipped, table.Rows.Count, []);
    }
}
