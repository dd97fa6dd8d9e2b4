using System.Globalization;
using System.Text;
using Haven.Geo.Tabular;
using Haven.Geo;
using Haven.Planning.Population;

namespace Haven.Storage.Scenarios;

/// <summary>
/// Population per area and date as CSV with HXL hashtags on the second row (the HDX convention):
/// <c>pcode,date,residents,displaced,total,source</c> /
/// <c>#adm1+code,#date,#population+residents,#affected+idps,#population+total,#meta+source</c>.
/// </summary>
public static class PopulationCsv
{
    public const string Header = "pcode,date,residents,displaced,total,source";
    public const string Tags = "#adm1+code,#date,#population+residents,#affected+idps,#population+total,#meta+source";

    public static string Format(IEnumerable<PopulationRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var sb = new StringBuilder().Append(Header).Append('\n').Append(Tags).Append('\n');
        foreach (var r in records)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.AreaPcode},{r.Date:yyyy-MM-dd},{r.Residents},{r.Displaced},{r.Total},{CsvText.Quote(r.Source)}\n");
        }

        return sb.ToString();
    }

    public static Outcome<IReadOnlyList<PopulationRecord>> Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        if (lines.Length < 2 || lines[0] != Header || !lines[1].StartsWith('#'))
        {
            return Outcome<IReadOnlyList<PopulationRecord>>.Failure("population.header",
                $"{file} line 1: expected the header '{Header}' and an HXL tag row.");
        }

        var records = new List<PopulationRecord>();
        for (int i = 2; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var cells = lines[i].Split(',', 6);
            string where = $"{file} line {i + 1}";
            if (cells.Length != 6
                || !DateOnly.TryParseExact(cells[1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                || !int.TryParse(cells[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int residents) || residents < 0
                || !int.TryParse(cells[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out int displaced) || displaced < 0)
            {
                return Outcome<IReadOnlyList<PopulationRecord>>.Failure("population.row",
                    $"{where}: expected pcode, a date YYYY-MM-DD, non-negative residents and displaced, total and source.");
            }

            records.Add(new PopulationRecord(cells[0], date, residents, displaced, cells[5].Trim('"')));
        }

        return records;
    }
}
