using System.Globalization;
using Haven.Geo;
using Haven.Geo.Tabular;

namespace Haven.Planning.Aid;

/// <summary>How far a consignment got, as the UN2720 mechanism reports it: offloaded at the crossing, collected by a UN or partner convoy, delivered to its destination.</summary>
public enum Stage
{
    Offloaded,
    Collected,
    Delivered,
}

/// <summary>One row of the truck log: trucks and tonnes of a commodity through a crossing on a date, the stage they reached, and where they were delivered.</summary>
public sealed record Delivery(DateOnly Date, string Crossing, int Trucks, double Tonnes, string Commodity, Stage Stage, string? Destination, string Source, int Line = 0);

/// <summary>A crossing point aid enters through.</summary>
public sealed record Crossing(string Id, string NameEn, string NameAr, double Longitude, double Latitude, string Source);

/// <summary>Whether aid convoys can reach an area from a date (until a date, when given), and why not.</summary>
public sealed record AccessRecord(string Area, DateOnly From, DateOnly? To, bool Reachable, string Reason, string Source)
{
    /// <summary>The latest record covering the date decides; an area without one is reachable.</summary>
    public static (bool Reachable, string? Reason) On(IEnumerable<AccessRecord> records, string area, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(records);
        var r = records.Where(x => x.Area == area && x.From <= date && (x.To is null || date <= x.To)).MaxBy(x => x.From);
        return r is null ? (true, null) : (r.Reachable, r.Reachable ? null : r.Reason);
    }
}

/// <summary>Reads and writes the truck log, crossings and access as HXL-tagged CSV.</summary>
public static class AidTables
{
    public const string TruckHeader = "date,crossing,trucks,tonnes,commodity,stage,destination,source";
    public const string TruckTags = "#date,#loc+crossing,#indicator+trucks,#indicator+tonnes,#item+name,#status+stage,#adm1+code+dest,#meta+source";
    public const string CrossingHeader = "id,name_en,name_ar,lon,lat,source";
    public const string CrossingTags = "#loc+crossing+code,#loc+crossing+name+en,#loc+crossing+name+ar,#geo+lon,#geo+lat,#meta+source";
    public const string AccessHeader = "pcode,from,to,reachable,reason,source";
    public const string AccessTags = "#adm1+code,#date+start,#date+end,#access+reachable,#access+constraint,#meta+source";

    public static Outcome<IReadOnlyList<Delivery>> ReadTrucks(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Problems.Count > 0)
        {
            return table.Problems[0];
        }

        int date = Hxl.Find(table, "#date", "date"), crossing = Hxl.Find(table, "#loc+crossing", "crossing"), trucks = Hxl.Find(table, "#indicator+trucks", "trucks");
        int tonnes = Hxl.Find(table, "#indicator+tonnes", "tonnes"), commodity = Hxl.Find(table, "#item+name", "commodity"), stage = Hxl.Find(table, "#status+stage", "stage");
        int dest = Hxl.Find(table, "#adm1+code+dest", "#adm2+code+dest", "destination"), source = Hxl.Find(table, "#meta+source", "source");
        if (date < 0 || crossing < 0 || trucks < 0 || tonnes < 0 || commodity < 0 || stage < 0)
        {
            return Outcome<IReadOnlyList<Delivery>>.Failure("trucks.columns", $"{table.File}: expected the columns {TruckHeader}.");
        }

        var rows = new List<Delivery>();
        foreach (var row in table.Rows)
        {
            string where = $"{table.File} line {row.Line}";
            if (!row.TryDate(date, out var on))
            {
                return Outcome<IReadOnlyList<Delivery>>.Failure("trucks.row", $"{where}: '{row[date]}' is not a date; expected YYYY-MM-DD.");
            }

            if (!int.TryParse(row[trucks].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 0
                || !double.TryParse(row[tonnes].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double t) || t < 0 || !double.IsFinite(t))
            {
                return Outcome<IReadOnlyList<Delivery>>.Failure("trucks.row", $"{where}: trucks must be a whole number and tonnes a number, both 0 or more.");
            }

            if (!Enum.TryParse<Stage>(row[stage].Trim(), ignoreCase: true, out var s) || !Enum.IsDefined(s))
            {
                return Outcome<IReadOnlyList<Delivery>>.Failure("trucks.row", $"{where}: stage '{row[stage]}' is not offloaded, collected or delivered.");
            }

            string? to = dest >= 0 && row[dest].Trim().Length > 0 ? row[dest].Trim() : null;
            if (s == Stage.Delivered && to is null)
            {
                return Outcome<IReadOnlyList<Delivery>>.Failure("trucks.row", $"{where}: a delivered consignment needs its destination area.");
            }

            rows.Add(new Delivery(on, row[crossing].Trim(), n, t, row[commodity].Trim().ToLowerInvariant(), s, to,
                source >= 0 && row[source].Length > 0 ? row[source] : Path.GetFileName(table.File), row.Line));
        }

        return rows;
    }

    public static Outcome<IReadOnlyList<Crossing>> ReadCrossings(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Problems.Count > 0)
        {
            return table.Problems[0];
        }

        int id = Hxl.Find(table, "#loc+crossing+code", "id"), en = Hxl.Find(table, "#loc+crossing+name+en", "name_en"), ar = Hxl.Find(table, "#loc+crossing+name+ar", "name_ar");
        int lon = Hxl.Find(table, "#geo+lon", "lon"), lat = Hxl.Find(table, "#geo+lat", "lat"), source = Hxl.Find(table, "#meta+source", "source");
        if (id < 0 || en < 0 || lon < 0 || lat < 0)
        {
            return Outcome<IReadOnlyList<Crossing>>.Failure("crossings.columns", $"{table.File}: expected the columns {CrossingHeader}.");
        }

        var rows = new List<Crossing>();
        foreach (var row in table.Rows)
        {
            if (!double.TryParse(row[lon], NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.TryParse(row[lat], NumberStyles.Float, CultureInfo.InvariantCulture, out double y)
                || x is < -180 or > 180 || y is < -90 or > 90)
            {
                return Outcome<IReadOnlyList<Crossing>>.Failure("crossings.row", $"{table.File} line {row.Line}: lon and lat must be WGS 84 degrees.");
            }

            rows.Add(new Crossing(row[id].Trim(), row[en].Trim(), ar >= 0 ? row[ar].Trim() : string.Empty, x, y, source >= 0 ? row[source] : Path.GetFileName(table.File)));
        }

        return rows;
    }

    public static Outcome<IReadOnlyList<AccessRecord>> ReadAccess(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Problems.Count > 0)
        {
            return table.Problems[0];
        }

        int code = Hxl.Find(table, "#adm2+code", "#adm1+code", "pcode"), from = Hxl.Find(table, "#date+start", "from"), to = Hxl.Find(table, "#date+end", "to");
        int reachable = Hxl.Find(table, "#access+reachable", "reachable"), reason = Hxl.Find(table, "#access+constraint", "reason"), source = Hxl.Find(table, "#meta+source", "source");
        if (code < 0 || from < 0 || reachable < 0)
        {
            return Outcome<IReadOnlyList<AccessRecord>>.Failure("access.columns", $"{table.File}: expected the columns {AccessHeader}.");
        }

        var rows = new List<AccessRecord>();
        foreach (var row in table.Rows)
        {
            string where = $"{table.File} line {row.Line}";
            if (!row.TryDate(from, out var start))
            {
                return Outcome<IReadOnlyList<AccessRecord>>.Failure("access.row", $"{where}: from '{row[from]}' is not a date; expected YYYY-MM-DD.");
            }

            DateOnly? end = null;
            if (to >= 0 && row[to].Trim().Length > 0)
            {
                if (!row.TryDate(to, out var e) || e < start)
                {
                    return Outcome<IReadOnlyList<AccessRecord>>.Failure("access.row", $"{where}: to '{row[to]}' must be a date on or after from.");
                }

                end = e;
            }

            bool? ok = row[reachable].Trim().ToLowerInvariant() switch { "true" or "yes" or "1" => true, "false" or "no" or "0" => false, _ => null };
            if (ok is null)
            {
                return Outcome<IReadOnlyList<AccessRecord>>.Failure("access.row", $"{where}: reachable must be true or false; got '{row[reachable]}'.");
            }

            rows.Add(new AccessRecord(row[code].Trim(), start, end, ok.Value, reason >= 0 ? row[reason] : string.Empty, source >= 0 ? row[source] : Path.GetFileName(table.File)));
        }

        return rows;
    }

    public static string FormatTrucks(IEnumerable<Delivery> rows) => Format(TruckHeader, TruckTags, rows, d => string.Create(CultureInfo.InvariantCulture,
        $"{d.Date:yyyy-MM-dd},{CsvText.Quote(d.Crossing)},{d.Trucks},{d.Tonnes},{CsvText.Quote(d.Commodity)},{d.Stage.ToString().ToLowerInvariant()},{d.Destination},{CsvText.Quote(d.Source)}"));

    public static string FormatCrossings(IEnumerable<Crossing> rows) => Format(CrossingHeader, CrossingTags, rows, c => string.Create(CultureInfo.InvariantCulture,
        $"{CsvText.Quote(c.Id)},{CsvText.Quote(c.NameEn)},{CsvText.Quote(c.NameAr)},{c.Longitude},{c.Latitude},{CsvText.Quote(c.Source)}"));

    public static string FormatAccess(IEnumerable<AccessRecord> rows) => Format(AccessHeader, AccessTags, rows, a => string.Create(CultureInfo.InvariantCulture,
        $"{a.Area},{a.From:yyyy-MM-dd},{a.To:yyyy-MM-dd},{(a.Reachable ? "true" : "false")},{CsvText.Quote(a.Reason)},{CsvText.Quote(a.Source)}"));

    private static string Format<T>(string header, string tags, IEnumerable<T> rows, Func<T, string> line)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new System.Text.StringBuilder().Append(header).Append('\n').Append(tags).Append('\n');
        foreach (var r in rows)
        {
            sb.Append(line(r)).Append('\n');
        }

        return sb.ToString();
    }
}
