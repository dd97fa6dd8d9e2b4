using System.Globalization;
using Haven.Geo;
using Haven.Geo.Tabular;
using Haven.Planning.Aid;
using Haven.Planning.Capacity;
using Haven.Planning.Population;

namespace Haven.Planning;

/// <summary>The tables planning reads besides population: movements, services, the truck log, crossings and access.</summary>
public sealed record PlanningData(
    IReadOnlyList<Movement> Movements,
    IReadOnlyList<ServiceRecord> Services,
    IReadOnlyList<Delivery> Trucks,
    IReadOnlyList<Crossing> Crossings,
    IReadOnlyList<AccessRecord> Access)
{
    public static PlanningData Empty { get; } = new([], [], [], [], []);

    /// <summary>Consignments into the Strip as their sources recorded them (UNRWA, COGAT...), every source kept apart.</summary>
    public IReadOnlyList<Arrival> Arrivals { get; init; } = [];

    /// <summary>Population estimates of regions that are not areas of the store (north of Wadi Gaza), over time.</summary>
    public IReadOnlyList<RegionPopulation> Regions { get; init; } = [];
}

/// <summary>
/// The planning tables as HXL-tagged CSV files, one per kind (movements.csv, services.csv, trucks.csv,
/// crossings.csv, access.csv, arrivals.csv, regions.csv): read, written, and stored as written.
/// </summary>
public static class PlanningTables
{
    public const string Movements = "movements";
    public const string Services = "services";
    public const string Trucks = "trucks";
    public const string Crossings = "crossings";
    public const string Access = "access";
    public const string Arrivals = "arrivals";
    public const string Regions = "regions";

    public static readonly IReadOnlyList<string> Kinds = [Movements, Services, Trucks, Crossings, Access, Arrivals, Regions];

    public const string MovementHeader = "from,to,date,people,origin,source";
    public const string MovementTags = "#loc+from,#loc+to,#date,#affected+idps,#loc+origin,#meta+source";

    public static string FileName(string kind) => $"{kind}.csv";

    /// <summary>One kind of table from <paramref name="data"/> as CSV.</summary>
    public static string Format(string kind, PlanningData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return kind switch
        {
            Movements => FormatMovements(data.Movements),
            Services => ServiceRecord.Format(data.Services),
            Trucks => AidTables.FormatTrucks(data.Trucks),
            Crossings => AidTables.FormatCrossings(data.Crossings),
            Access => AidTables.FormatAccess(data.Access),
            Arrivals => ArrivalTable.Format(data.Arrivals),
            Regions => RegionPopulationTable.Format(data.Regions),
            _ => throw new ArgumentException($"Unknown planning table '{kind}'.", nameof(kind)),
        };
    }

    /// <summary><paramref name="data"/> with one kind of table replaced by what <paramref name="csv"/> holds.</summary>
    public static Outcome<PlanningData> Parse(string kind, string csv, string file, PlanningData data)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(data);
        var table = CsvTable.Parse(new StringReader(csv), file);
        if (!table.Succeeded)
        {
            return table.Problem!;
        }

        return kind switch
        {
            Movements => With(PopulationTables.ReadMovements(table.Value), v => data with { Movements = v }),
            Services => With(ServiceRecord.Read(table.Value), v => data with { Services = v }),
            Trucks => With(AidTables.ReadTrucks(table.Value), v => data with { Trucks = v }),
            Crossings => With(AidTables.ReadCrossings(table.Value), v => data with { Crossings = v }),
            Access => With(AidTables.ReadAccess(table.Value), v => data with { Access = v }),
            Arrivals => With(ArrivalTable.Read(table.Value), v => data with { Arrivals = v }),
            Regions => With(RegionPopulationTable.Read(table.Value), v => data with { Regions = v }),
            _ => Outcome<PlanningData>.Failure("planning.kind", $"'{kind}' is not a planning table; expected {string.Join(", ", Kinds)}."),
        };
    }

    public static string FormatMovements(IEnumerable<Movement> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new System.Text.StringBuilder().Append(MovementHeader).Append('\n').Append(MovementTags).Append('\n');
        foreach (var m in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{m.From},{m.To},{m.Date:yyyy-MM-dd},{m.People},{m.Origin},{CsvText.Quote(m.Source)}\n");
        }

        return sb.ToString();
    }

    private static Outcome<PlanningData> With<T>(Outcome<IReadOnlyList<T>> read, Func<IReadOnlyList<T>, PlanningData> apply) =>
        read.Succeeded ? apply(read.Value) : read.Problem!;
}
