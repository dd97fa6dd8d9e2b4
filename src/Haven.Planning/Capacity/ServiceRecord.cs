using System.Globalization;
using Haven.Geo;
using Haven.Geo.Tabular;

namespace Haven.Planning.Capacity;

/// <summary>
/// Services counted in an area on a date, as WASH and shelter clusters report them: taps, latrines, water
/// supplied (litres per day) and covered shelter space in tents and collective centres (m2). A null is "not
/// reported", which a verdict shows as unknown rather than as zero.
/// </summary>
public sealed record ServiceRecord(string Area, DateOnly Date, int? Taps, int? Latrines, double? WaterLitresPerDay, double? ShelterCoveredM2, string Source)
{
    public const string Header = "pcode,date,taps,latrines,water_litres_per_day,shelter_covered_m2,source";
    public const string Tags = "#adm1+code,#date,#capacity+water+taps,#capacity+latrines,#capacity+water+litres,#capacity+shelter+covered,#meta+source";

    /// <summary>The latest record of each area on or before the date.</summary>
    public static IReadOnlyDictionary<string, ServiceRecord> AsOf(IEnumerable<ServiceRecord> records, DateOnly date) =>
        records.Where(r => r.Date <= date).GroupBy(r => r.Area, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Date)!, StringComparer.Ordinal);

    public static Outcome<IReadOnlyList<ServiceRecord>> Read(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Problems.Count > 0)
        {
            return table.Problems[0];
        }

        int code = Hxl.Find(table, "#adm2+code", "#adm1+code", "#adm3+code", "pcode");
        int date = Hxl.Find(table, "#date", "date");
        int taps = Hxl.Find(table, "#capacity+water+taps", "taps");
        int latrines = Hxl.Find(table, "#capacity+latrines", "latrines");
        int litres = Hxl.Find(table, "#capacity+water+litres", "water_litres_per_day");
        int covered = Hxl.Find(table, "#capacity+shelter+covered", "shelter_covered_m2");
        int source = Hxl.Find(table, "#meta+source", "source");
        if (code < 0 || date < 0)
        {
            return Outcome<IReadOnlyList<ServiceRecord>>.Failure("services.columns", $"{table.File}: expected the columns pcode and date, then any of taps, latrines, water_litres_per_day, shelter_covered_m2.");
        }

        var records = new List<ServiceRecord>();
        foreach (var row in table.Rows)
        {
            string where = $"{table.File} line {row.Line}";
            if (!row.TryDate(date, out var on))
            {
                return Outcome<IReadOnlyList<ServiceRecord>>.Failure("services.row", $"{where}: '{row[date]}' is not a date; expected YYYY-MM-DD.");
            }

            if (!Number(row, taps, out double? t) || !Number(row, latrines, out double? l) || !Number(row, litres, out double? w) || !Number(row, covered, out double? c))
            {
                return Outcome<IReadOnlyList<ServiceRecord>>.Failure("services.row", $"{where}: counts must be numbers of 0 or more, or blank when not reported.");
            }

            records.Add(new ServiceRecord(row[code].Trim(), on, (int?)t, (int?)l, w, c, source >= 0 && row[source].Length > 0 ? row[source] : Path.GetFileName(table.File)));
        }

        return records;
    }

    public static string Format(IEnumerable<ServiceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var sb = new System.Text.StringBuilder().Append(Header).Append('\n').Append(Tags).Append('\n');
        foreach (var r in records)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.Area},{r.Date:yyyy-MM-dd},{r.Taps},{r.Latrines},{r.WaterLitresPerDay},{r.ShelterCoveredM2},{CsvText.Quote(r.Source)}\n");
        }

        return sb.ToString();
    }

    internal static bool Number(CsvRow row, int column, out double? value)
    {
        value = null;
        if (column < 0 || row[column].Trim().Length == 0)
        {
            return true;
        }

        if (double.TryParse(row[column].Trim(), NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out double v) && v >= 0 && double.IsFinite(v))
        {
            value = v;
            return true;
        }

        return false;
    }
}
