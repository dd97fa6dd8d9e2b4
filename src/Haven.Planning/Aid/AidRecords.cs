using System.Globalization;
using ExcelDataReader;
using Haven.Geo;
using Haven.Geo.Tabular;

namespace Haven.Planning.Aid;

/// <summary>A row that was not imported, where it is (sheet and row, or line) and why.</summary>
public sealed record SkippedRow(string Where, string Reason);

/// <summary>What a file of aid records held: its format, the records read, the rows left out and why, and the source's caveats.</summary>
public sealed record AidRecordsRead(string Format, string Source, IReadOnlyList<Arrival> Arrivals, IReadOnlyList<SkippedRow> Skipped, int RowsRead, IReadOnlyList<string> Caveats)
{
    /// <summary>For a truck log in Haven's HXL format: the file's text, imported as the truck log table.</summary>
    public string? TruckLogCsv { get; init; }

    /// <summary>For a table of a region's population over time: the estimates read.</summary>
    public IReadOnlyList<Haven.Planning.Population.RegionPopulation> Regions { get; init; } = [];
}

/// <summary>
/// Reads aid records as their publishers give them, recognised by their columns, not their file names: UNRWA's
/// "Gaza Supplies and Dispatch Tracking" workbook (.xlsx) or its CSV export, COGAT's consignment list, and Haven's
/// HXL truck log. Every row is either read or listed with its sheet, row and reason.
/// </summary>
public static partial class AidRecords
{
    public const string Unrwa = "UNRWA";
    public const string Cogat = "COGAT";

    /// <summary>The first day UNRWA's data disclaimer calls partial: after the Rafah operation, from 6 May 2024.</summary>
    public static readonly DateOnly UnrwaPartialFrom = new(2024, 5, 6);

    public const string UnrwaPartialNote =
        "UNRWA: partial after 5 May 2024 (data disclaimer: after the Rafah operation UN staff could not monitor Kerem Shalom constantly; INGO, Red Cross and commercial trucks are recorded in part; private-sector data are not verified)";

    private static readonly string[] UnrwaColumns = ["ID", "Received Date", "Crossing", "Quantity", "Units", "Cargo Category", "Description of Cargo"];
    private static readonly string[] CogatColumns = ["date", "route", "classification", "aid_tons"];

    public static Outcome<AidRecordsRead> Read(string path, AidFactors? factors = null, string? region = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return Outcome<AidRecordsRead>.Failure("aid.not_found", $"{path}: file not found.");
        }

        return Read(File.ReadAllBytes(path), path, factors, region);
    }

    /// <summary>Records from a file's bytes (a workbook or a CSV table), <paramref name="name"/> naming it in messages.</summary>
    public static Outcome<AidRecordsRead> Read(byte[] content, string name, AidFactors? factors = null, string? region = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(name);
        factors ??= AidFactors.Default;
        if (content.Length >= 4 && content[0] == (byte)'P' && content[1] == (byte)'K' && content[2] == 3 && content[3] == 4)
        {
            return ReadWorkbook(content, name, factors);
        }

        var text = Haven.Geo.Text.TextFiles.Decode(content, name);
        if (!text.Succeeded)
        {
            return text.Problem!;
        }

        var table = CsvTable.Parse(new StringReader(text.Value), name);
        return table.Succeeded ? FromTable(table.Value, factors, region) : table.Problem!;
    }

    /// <summary>
    /// Records from a CSV table, by the columns it has. <paramref name="region"/> names where a table of deliveries
    /// to one region went when the table itself does not say (the study's trucks_to_north.csv).
    /// </summary>
    public static Outcome<AidRecordsRead> FromTable(CsvTable table, AidFactors? factors = null, string? region = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        factors ??= AidFactors.Default;
        if (table.Problems.Count > 0)
        {
            return table.Problems[0];
        }

        if (Has(table.Header, UnrwaColumns))
        {
            return FromRows(Unrwa, "UNRWA supply records (CSV)", table.Header, table.Rows.Select(r => ($"{Path.GetFileName(table.File)} line {r.Line}", (IReadOnlyList<string>)r.Cells)), factors, []);
        }

        if (Has(table.Header, CogatColumns))
        {
            return FromRows(Cogat, "COGAT consignment list (CSV)", table.Header, table.Rows.Select(r => ($"{Path.GetFileName(table.File)} line {r.Line}", (IReadOnlyList<string>)r.Cells)), factors, []);
        }

        if (ReadResearchTable(table, factors, region) is { } research)
        {
            return research;
        }

        if (Hxl.Find(table, "#loc+crossing", "crossing") >= 0 && Hxl.Find(table, "#indicator+trucks", "trucks") >= 0 && Hxl.Find(table, "#status+stage", "stage") >= 0)
        {
            // Haven's own truck log: checked by its reader, imported as the truck log.
            var log = AidTables.ReadTrucks(table);
            return log.Succeeded
                ? new AidRecordsRead("Haven HXL truck log", "truck log", [], [], log.Value.Count, []) { TruckLogCsv = AidTables.FormatTrucks(log.Value) }
                : log.Problem!;
        }

        return Outcome<AidRecordsRead>.Failure("aid.format",
            $"{table.File}: the columns ({string.Join(", ", table.Header.Take(12))}) are not a format Haven reads as aid records; expected UNRWA's supply records "
            + $"({string.Join(", ", UnrwaColumns)}), COGAT's consignment list ({string.Join(", ", CogatColumns)}), Haven's truck log ({AidTables.TruckHeader}), "
            + "or a research table of a region's population (date, pop_REGION), deliveries to a region (date_1, date_2, n_trucks, unit) or airdrops and sea deliveries (date, area, route, kg, kcal).");
    }

    private static Outcome<AidRecordsRead> ReadWorkbook(byte[] content, string path, AidFactors factors)
    {
        var sheets = new List<(string Name, List<IReadOnlyList<string>> Rows)>();
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            // The reader asks for Windows code pages even for xlsx; .NET has them as a provider to register (once is enough; again is harmless).
            System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
            using var reader = ExcelReaderFactory.CreateReader(stream);
            do
            {
                var rows = new List<IReadOnlyList<string>>();
                while (reader.Read())
                {
                    var cells = new string[reader.FieldCount];
                    for (int i = 0; i < cells.Length; i++)
                    {
                        cells[i] = reader.GetValue(i) switch
                        {
                            null => string.Empty,
                            DateTime d => d.TimeOfDay == TimeSpan.Zero ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : d.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
                            double v => v.ToString("R", CultureInfo.InvariantCulture),
                            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                            var o => o.ToString() ?? string.Empty,
                        };
                    }

                    rows.Add(cells);
                }

                sheets.Add((reader.Name, rows));
            }
            while (reader.NextResult());
        }
        catch (Exception e) when (e is ExcelDataReader.Exceptions.ExcelReaderException or InvalidDataException or IOException or System.Xml.XmlException or NotSupportedException)
        {
            return Outcome<AidRecordsRead>.Failure("aid.workbook", $"{path}: not a workbook Haven can read ({e.Message}).");
        }

        foreach (var (name, rows) in sheets)
        {
            if (rows.Count == 0 || !Has(rows[0], UnrwaColumns))
            {
                continue;
            }

            // The other sheets hold the publisher's notes; a disclaimer sheet is kept as a caveat on the records.
            var caveats = sheets.Where(s => s.Name != name && s.Name.Contains("disclaimer", StringComparison.OrdinalIgnoreCase))
                .Select(s => $"{s.Name}: {string.Join(" ", s.Rows.SelectMany(r => r).Where(c => c.Length > 0)).Trim()}").ToList();
            string file = Path.GetFileName(path);
            return FromRows(Unrwa, "UNRWA supply workbook (.xlsx)", rows[0], rows.Skip(1).Select((r, i) => ($"{file} sheet '{name}' row {i + 2}", r)), factors, caveats);
        }

        return Outcome<AidRecordsRead>.Failure("aid.format",
            $"{path}: no sheet has UNRWA's supply columns ({string.Join(", ", UnrwaColumns)}); sheets: {string.Join(", ", sheets.Select(s => $"'{s.Name}'"))}.");
    }

    private static Outcome<AidRecordsRead> FromRows(string source, string format, IReadOnlyList<string> header, IEnumerable<(string Where, IReadOnlyList<string> Cells)> rows,
        AidFactors factors, List<string> caveats)
    {
        int Col(string name)
        {
            for (int i = 0; i < header.Count; i++)
            {
                if (string.Equals(header[i].Trim(), name, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return -1;
        }

        var arrivals = new List<Arrival>();
        var skipped = new List<SkippedRow>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        int count = 0;
        bool unrwa = source == Unrwa;
        int id = Col(unrwa ? "ID" : "index"), date = Col(unrwa ? "Received Date" : "date"), crossing = Col("Crossing"), route = Col("route");
        int category = Col(unrwa ? "Cargo Category" : "classification"), description = Col("Description of Cargo"), quantity = Col("Quantity"), units = Col("Units");
        int donor = Col(unrwa ? "Donating Country/ Organization" : "donor"), tons = Col("aid_tons"), period = Col("Data Period"), agency = Col("Data Source"), partner = Col("Destination Recipient/ Partner");
        foreach (var (where, cells) in rows)
        {
            count++;
            string Cell(int i) => i >= 0 && i < cells.Count ? cells[i].Trim() : string.Empty;
            if (cells.All(c => c.Trim().Length == 0))
            {
                skipped.Add(new SkippedRow(where, "blank row"));
                continue;
            }

            if (!TryDate(Cell(date), out var on))
            {
                skipped.Add(new SkippedRow(where, $"date '{Cell(date)}' is not a date (expected YYYY-MM-DD or a spreadsheet date)"));
                continue;
            }

            // Ids are kept as given, even where a source repeats one for different rows (COGAT's index does);
            // only a row that repeats an earlier one cell for cell is left out.
            string rowId = id >= 0 && Cell(id).Length > 0 ? Cell(id) : where;
            string whole = string.Join('\u001f', cells.Select(c => c.Trim()));
            if (seen.TryGetValue(whole, out string? first))
            {
                skipped.Add(new SkippedRow(where, $"the same row as {first}"));
                continue;
            }

            string sourceCategory = Cell(category), common = AidCategories.Of(sourceCategory), text = Cell(description);
            Arrival a;
            if (unrwa)
            {
                double? q = null;
                if (Cell(quantity).Length > 0)
                {
                    if (!double.TryParse(Cell(quantity), NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < 0)
                    {
                        skipped.Add(new SkippedRow(where, $"quantity '{Cell(quantity)}' is not a number, 0 or more"));
                        continue;
                    }

                    q = v;
                }

                string cross = Cell(crossing);
                string who = Cell(partner) is { Length: > 0 } p ? p : Cell(agency);
                var (tonnes, weightNote) = factors.Weight(q, Cell(units), who, text);
                var (kcal, energyNote) = factors.Energy(tonnes, common, text);
                bool partial = period >= 0 && Cell(period).Length > 0 ? Cell(period).StartsWith("Current", StringComparison.OrdinalIgnoreCase) : on >= UnrwaPartialFrom;
                a = new Arrival(source, rowId, on, cross.Length > 0 ? cross : null, cross.Contains("JLOTS", StringComparison.OrdinalIgnoreCase) ? "sea" : "land",
                    common, sourceCategory, text, q, Cell(units), Cell(donor), 1, tonnes, kcal, Join(weightNote, energyNote), partial ? UnrwaPartialNote : string.Empty, null, where);
            }
            else
            {
                string r = Cell(route).ToLowerInvariant();
                string way = r.Contains("aerial", StringComparison.Ordinal) || r.Contains("air", StringComparison.Ordinal) ? "air"
                    : r.Contains("maritime", StringComparison.Ordinal) || r.Contains("sea", StringComparison.Ordinal) ? "sea" : "land";
                double? tonnes = null;
                string note = string.Empty;
                if (Cell(tons).Length == 0)
                {
                    note = "tonnes not given";
                }
                else if (double.TryParse(Cell(tons), NumberStyles.Float, CultureInfo.InvariantCulture, out double t) && double.IsFinite(t) && t >= 0)
                {
                    tonnes = t;
                }
                else
                {
                    skipped.Add(new SkippedRow(where, $"aid_tons '{Cell(tons)}' is not a number of tonnes"));
                    continue;
                }

                var (kcal, energyNote) = factors.Energy(tonnes, common, common == AidCategories.Food ? string.Empty : sourceCategory);
                // COGAT lists one truck a line on land and from the JLOTS pier; an airdrop is a consignment, not a truck.
                a = new Arrival(source, rowId, on, null, way, common, sourceCategory, string.Empty, tonnes, tonnes is null ? string.Empty : "t", Cell(donor),
                    way == "air" ? null : 1, tonnes, kcal, Join(note, energyNote), string.Empty, null, where);
            }

            seen[whole] = where;
            arrivals.Add(a);
        }

        if (arrivals.Any(x => x.Coverage.Length > 0))
        {
            caveats.Insert(0, UnrwaPartialNote);
        }

        return new AidRecordsRead(format, source, arrivals, skipped, count, caveats);
    }

    private static bool Has(IReadOnlyList<string> header, string[] columns) =>
        columns.All(c => header.Any(h => string.Equals(h.Trim(), c, StringComparison.OrdinalIgnoreCase)));

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : $"{a}; {b}";

    /// <summary>A date as sources write it: ISO (with or without a time), yyyy/MM/dd, M/d/yyyy (a spreadsheet's CSV export), or a spreadsheet serial day.</summary>
    public static bool TryDate(string text, out DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(text);
        date = default;
        string t = text.Trim();
        if (t.Length >= 10 && DateOnly.TryParseExact(t[..10], ["yyyy-MM-dd", "yyyy/MM/dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return date.Year is >= 2000 and <= 2100;
        }

        if (DateTime.TryParseExact(t, ["M/d/yyyy", "M/d/yyyy H:mm:ss", "M/d/yyyy H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var us))
        {
            date = DateOnly.FromDateTime(us);
            return date.Year is >= 2000 and <= 2100;
        }

        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double serial) && serial is >= 36526 and < 73051)
        {
            date = DateOnly.FromDateTime(DateTime.FromOADate(Math.Floor(serial)));
            return true;
        }

        return false;
    }
}
