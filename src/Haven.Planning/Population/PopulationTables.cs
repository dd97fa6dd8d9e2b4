using System.Globalization;
using Haven.Geo;
using Haven.Geo.Tabular;

namespace Haven.Planning.Population;

/// <summary>
/// Reads population and movement tables from HXL-tagged CSV (tags on the second row, as on HDX). Columns are
/// found by tag, so files from different sources can be read as they come:
/// <list type="bullet">
/// <item>area: <c>#adm2+code</c>, <c>#adm1+code</c>, <c>#adm3+code</c> or a header <c>pcode</c>;</item>
/// <item>date: <c>#date</c>, or the date given when the file has none;</item>
/// <item>residents: <c>#population+residents</c>; else <c>#population+total</c> (or <c>#population</c>) less
///   the displaced when both are given;</item>
/// <item>displaced present: <c>#affected+idps</c> or <c>#population+idps</c> (0 when absent);</item>
/// <item>source: <c>#meta+source</c> (else the file name).</item>
/// </list>
/// Movements: headers <c>from,to,date,people,source</c> and an optional <c>origin</c>, or the tags
/// <c>#loc+from</c>, <c>#loc+to</c>, <c>#date</c>, <c>#affected+idps</c>, <c>#meta+source</c> and <c>#loc+origin</c>.
/// </summary>
public static class PopulationTables
{
    public static Outcome<IReadOnlyList<PopulationRecord>> ReadPopulation(CsvTable table, DateOnly? defaultDate = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Problems.Count > 0)
        {
            return table.Problems[0];
        }

        int code = Hxl.Find(table, "#adm2+code", "#adm1+code", "#adm3+code", "pcode", "code");
        int date = Hxl.Find(table, "#date", "date");
        int residents = Hxl.Find(table, "#population+residents", "residents");
        int total = Hxl.Find(table, "#population+total", "total", "population");
        if (total < 0 && residents < 0)
        {
            total = FindPlain(table);
        }

        int idps = Hxl.Find(table, "#affected+idps", "#population+idps", "displaced", "idps");
        int source = Hxl.Find(table, "#meta+source", "source");
        if (code < 0 || (residents < 0 && total < 0))
        {
            return Outcome<IReadOnlyList<PopulationRecord>>.Failure("population.columns",
                $"{table.File}: expected an area code column (#adm2+code, #adm1+code or pcode) and a population column (#population+residents, #population+total or #population).");
        }

        if (date < 0 && defaultDate is null)
        {
            return Outcome<IReadOnlyList<PopulationRecord>>.Failure("population.date",
                $"{table.File}: no #date column; give the date these figures are for.");
        }

        var records = new List<PopulationRecord>();
        foreach (var row in table.Rows)
        {
            string where = $"{table.File} line {row.Line}";
            string area = row[code].Trim();
            if (area.Length == 0)
            {
                return Outcome<IReadOnlyList<PopulationRecord>>.Failure("population.row", $"{where}: no area code.");
            }

            DateOnly on = defaultDate ?? default;
            if (date >= 0 && !row.TryDate(date, out on))
            {
                return Outcome<IReadOnlyList<PopulationRecord>>.Failure("population.row", $"{where}: '{row[date]}' is not a date; expected YYYY-MM-DD.");
            }

            if (!Count(row, idps, out int displaced) || !Count(row, residents, out int res) || !Count(row, total, out int all))
            {
                return Outcome<IReadOnlyList<PopulationRecord>>.Failure("population.row", $"{where}: population figures must be whole numbers of 0 or more.");
            }

            if (residents < 0)
            {
                res = idps >= 0 ? all - displaced : all;
                if (res < 0)
                {
                    return Outcome<IReadOnlyList<PopulationRecord>>.Failure("population.row",
                        $"{where}: {displaced:N0} displaced is more than the total population of {all:N0}.");
                }
            }

            records.Add(new PopulationRecord(area, on, res, displaced, source >= 0 && row[source].Length > 0 ? row[source] : Path.GetFileName(table.File)));
        }

        return records;
    }

    public static Outcome<IReadOnlyList<Movement>> ReadMovements(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Problems.Count > 0)
        {
            return table.Problems[0];
        }

        int from = Hxl.Find(table, "#loc+from", "from");
        int to = Hxl.Find(table, "#loc+to", "to");
        int date = Hxl.Find(table, "#date", "date");
        int people = Hxl.Find(table, "#affected+idps", "#population", "people");
        int source = Hxl.Find(table, "#meta+source", "source");
        int origin = Hxl.Find(table, "#loc+origin", "origin");
        if (from < 0 || to < 0 || date < 0 || people < 0)
        {
            return Outcome<IReadOnlyList<Movement>>.Failure("movements.columns", $"{table.File}: expected the columns from, to, date and people (and optionally origin, source).");
        }

        var movements = new List<Movement>();
        foreach (var row in table.Rows)
        {
            string where = $"{table.File} line {row.Line}";
            if (!row.TryDate(date, out var on))
            {
                return Outcome<IReadOnlyList<Movement>>.Failure("movements.row", $"{where}: '{row[date]}' is not a date; expected YYYY-MM-DD.");
            }

            if (!Count(row, people, out int n) || n == 0)
            {
                return Outcome<IReadOnlyList<Movement>>.Failure("movements.row", $"{where}: people must be a whole number above 0; got '{row[people]}'.");
            }

            string a = row[from].Trim(), b = row[to].Trim();
            if (a.Length == 0 || b.Length == 0 || a == b)
            {
                return Outcome<IReadOnlyList<Movement>>.Failure("movements.row", $"{where}: a movement needs two different areas; got from '{a}' to '{b}'.");
            }

            string? home = origin >= 0 && row[origin].Trim().Length > 0 ? row[origin].Trim() : null;
            movements.Add(new Movement(a, b, on, n, source >= 0 && row[source].Length > 0 ? row[source] : Path.GetFileName(table.File), home, row.Line));
        }

        return movements;
    }

    /// <summary>A whole number of people, 0 or more (thousands separators allowed); true with 0 when the column is absent or blank.</summary>
    internal static bool Count(CsvRow row, int column, out int value)
    {
        value = 0;
        if (column < 0 || row[column].Trim().Length == 0)
        {
            return true;
        }

        return int.TryParse(row[column].Trim(), NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value) && value >= 0;
    }

    private static int FindPlain(CsvTable table)
    {
        for (int i = 0; table.HxlTags is not null && i < table.HxlTags.Count; i++)
        {
            if (string.Equals(table.HxlTags[i].Trim(), "#population", StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
