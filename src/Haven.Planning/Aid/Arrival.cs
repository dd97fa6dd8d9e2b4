using System.Globalization;
using Haven.Geo;
using Haven.Geo.Tabular;

namespace Haven.Planning.Aid;

/// <summary>
/// One consignment into the Strip as a source recorded it (a UNRWA truck, a COGAT line, an airdrop), with its
/// weight and food energy converted by <see cref="AidFactors"/>. What the source gave stays as given (id,
/// category, description, quantity, units); what Haven derived says how in <see cref="Assumed"/>.
/// </summary>
/// <param name="Source">Who recorded it: UNRWA, COGAT, or the source named in a truck log.</param>
/// <param name="Id">The source's own row id, as given.</param>
/// <param name="Date">The day it entered (UNRWA: received; COGAT: the line's date).</param>
/// <param name="Crossing">The crossing, when the source names one (COGAT does not).</param>
/// <param name="Route">land, sea or air.</param>
/// <param name="Category">The category on a common scale: food, water, medical, shelter, non-food, fuel, gas, mixed, other.</param>
/// <param name="SourceCategory">The category as the source wrote it.</param>
/// <param name="Description">The cargo as the source described it.</param>
/// <param name="Quantity">The quantity as given, in <paramref name="Units"/>.</param>
/// <param name="Units">The units as given (pallets, truck, MT...).</param>
/// <param name="Donor">The donating country or organisation as given.</param>
/// <param name="Trucks">Trucks this row stands for (1 for a truck), or null when it was not trucked (airdrops).</param>
/// <param name="Tonnes">Weight in tonnes, or null when it cannot be known.</param>
/// <param name="Kcal">Food energy in kilocalories (0 for what is not food), or null when unknown.</param>
/// <param name="Assumed">The conversions assumed for this row, in plain words; empty when the source gave the figures.</param>
/// <param name="Coverage">The source's own caveat on the period the row belongs to (UNRWA: partial monitoring after 5 May 2024); empty when none.</param>
/// <param name="Destination">Where it was delivered when the source says (a region such as north), else null: the Strip.</param>
/// <param name="Row">The sheet and row, or file line, it was read from.</param>
public sealed record Arrival(
    string Source, string Id, DateOnly Date, string? Crossing, string Route, string Category, string SourceCategory, string Description,
    double? Quantity, string Units, string Donor, double? Trucks, double? Tonnes, double? Kcal, string Assumed, string Coverage, string? Destination, string Row);

/// <summary>Categories on the scale every source is mapped to, so that sources can be set side by side.</summary>
public static class AidCategories
{
    public const string Food = "food";
    public const string Water = "water";
    public const string Medical = "medical";
    public const string Shelter = "shelter";
    public const string NonFood = "non-food";
    public const string Fuel = "fuel";
    public const string Gas = "gas";
    public const string Mixed = "mixed";
    public const string Other = "other";

    /// <summary>A source's category on the common scale; unknown names are "other".</summary>
    public static string Of(string sourceCategory)
    {
        ArgumentNullException.ThrowIfNull(sourceCategory);
        string s = sourceCategory.Trim().ToLowerInvariant();
        return s switch
        {
            "food" or "food items" => Food,
            "water" => Water,
            "medical supplies" or "medical supply" or "medical" => Medical,
            "shelter equipment" or "shelter" => Shelter,
            "non-food items" or "non-food" or "nfi" => NonFood,
            "fuel" => Fuel,
            "gas" or "cooking gas" => Gas,
            "mixed items" or "combined aid" or "mixed" => Mixed,
            _ => Other,
        };
    }
}

/// <summary>The arrivals table as HXL-tagged CSV: what the store keeps and what a user can export and read back.</summary>
public static class ArrivalTable
{
    public const string Header = "source,id,date,crossing,route,category,source_category,description,quantity,units,donor,trucks,tonnes,kcal,assumed,coverage,destination,row";
    public const string Tags = "#meta+source,#meta+id,#date,#loc+crossing,#loc+route,#item+type,#item+type+source,#item+name,#value+quantity,#value+units,#org+donor,#indicator+trucks,#indicator+tonnes,#indicator+kcal,#meta+assumed,#meta+coverage,#loc+dest,#meta+row";

    public static string Format(IEnumerable<Arrival> rows) => PlanningCsv.Table(Header, Tags, rows, a =>
        $"{CsvText.Quote(a.Source)},{CsvText.Quote(a.Id)},{a.Date:yyyy-MM-dd},{CsvText.Quote(a.Crossing ?? "")},{a.Route},{a.Category},{CsvText.Quote(a.SourceCategory)},{CsvText.Quote(a.Description)},{N(a.Quantity)},{CsvText.Quote(a.Units)},{CsvText.Quote(a.Donor)},{N(a.Trucks)},{N(a.Tonnes)},{N(a.Kcal)},{CsvText.Quote(a.Assumed)},{CsvText.Quote(a.Coverage)},{CsvText.Quote(a.Destination ?? "")},{CsvText.Quote(a.Row)}");

    public static Outcome<IReadOnlyList<Arrival>> Read(CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (table.Problems.Count > 0)
        {
            return table.Problems[0];
        }

        string[] names = Header.Split(',');
        int[] at = [.. names.Select(table.Column)];
        if (at.Any(i => i < 0))
        {
            return Outcome<IReadOnlyList<Arrival>>.Failure("arrivals.columns", $"{table.File}: expected the columns {Header}.");
        }

        var rows = new List<Arrival>(table.Rows.Count);
        foreach (var r in table.Rows)
        {
            string where = $"{table.File} line {r.Line}";
            if (!r.TryDate(at[2], out var date))
            {
                return Outcome<IReadOnlyList<Arrival>>.Failure("arrivals.row", $"{where}: date '{r[at[2]]}' is not a date; expected YYYY-MM-DD.");
            }

            double? quantity = null, trucks = null, tonnes = null, kcal = null;
            foreach (var (column, set) in new (int, Action<double?>)[] { (8, v => quantity = v), (11, v => trucks = v), (12, v => tonnes = v), (13, v => kcal = v) })
            {
                string cell = r[at[column]].Trim();
                if (cell.Length == 0)
                {
                    continue;
                }

                if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < 0)
                {
                    return Outcome<IReadOnlyList<Arrival>>.Failure("arrivals.row", $"{where}: {names[column]} '{cell}' must be a number, 0 or more, or empty when unknown.");
                }

                set(v);
            }

            string route = r[at[4]].Trim();
            if (route is not ("land" or "sea" or "air"))
            {
                return Outcome<IReadOnlyList<Arrival>>.Failure("arrivals.row", $"{where}: route '{route}' must be land, sea or air.");
            }

            rows.Add(new Arrival(r[at[0]].Trim(), r[at[1]].Trim(), date, Empty(r[at[3]]), route, r[at[5]].Trim(), r[at[6]], r[at[7]], quantity, r[at[9]], r[at[10]],
                trucks, tonnes, kcal, r[at[14]], r[at[15]], Empty(r[at[16]]), r[at[17]]));
        }

        return rows;
    }

    private static string? Empty(string cell) => cell.Trim().Length == 0 ? null : cell.Trim();

    private static string N(double? v) => v is double d ? d.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
}
