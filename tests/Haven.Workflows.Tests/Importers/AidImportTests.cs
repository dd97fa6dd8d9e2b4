using Haven.Geo.Tabular;
using Haven.Geo.Tests.Support;
using Haven.Planning.Aid;
using Haven.Storage.Sqlite;
using Haven.Workflows.Importers;

namespace Haven.Workflows.Tests.Importers;

/// <summary>Importing aid records into a store: each source kept apart, replaced only when asked, every change audited. Records are synthetic.</summary>
public sealed class AidImportTests : IDisposable
{
    private const string Cogat = "index,date,route,classification,donor,aid_tons\n1,2024-02-25,Aerial Route,Food,Jordan,32\n2,2024-02-26,Land Crossings,Water,UNICEF,20\n";
    private const string Unrwa = "ID,Received Date,Crossing,Quantity,Units,Cargo Category,Description of Cargo,Data Period\n"
        + "7,2024-02-26,Rafah Crossing,20,Pallets,Food Items,Flour,Historical Data (before Rafah Operation)\n";

    private readonly TempFolder _tmp = new();
    private readonly SqliteStore _store;

    public AidImportTests()
    {
        _store = new SqliteStore(_tmp.File("aid.db"));
        _store.MigrateAsync().GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _tmp.Dispose();
    }

    private static AidRecordsRead Read(string csv, string file) => AidRecords.FromTable(CsvTable.Parse(new StringReader(csv), file).Value).Value;

    private Task<Haven.Geo.Outcome<AidImportResult>> ImportAsync(string csv, string file, bool replace = false) =>
        AidImport.ImportAsync(_store, TimeProvider.System, "test", Read(csv, file), replace);

    [Fact]
    public async Task A_second_source_is_stored_beside_the_first_and_each_import_is_audited_once()
    {
        var first = await ImportAsync(Unrwa, "unrwa.csv");
        var second = await ImportAsync(Cogat, "cogat.csv");

        var stored = (await _store.GetPlanningDataAsync()).Arrivals;
        Assert.Equal(["COGAT", "COGAT", "UNRWA"], stored.Select(a => a.Source));
        Assert.Equal(["1", "2", "7"], stored.Select(a => a.Id));
        Assert.Equal([(1L, "import aid records", "UNRWA"), (2L, "import aid records", "COGAT")],
            (await _store.GetAuditAsync()).Select(e => (e.Sequence, e.Action, e.Target)));
        Assert.Equal((1L, 2L), (first.Value.Sequence, second.Value.Sequence));
    }

    [Fact]
    public async Task A_truck_log_in_havens_hxl_format_is_recognised_and_stored_as_the_truck_log_with_its_offloaded_trucks_counted_as_arrivals()
    {
        const string log = "date,crossing,trucks,tonnes,commodity,stage,destination,source\n#date,#loc+crossing,#indicator+trucks,#indicator+tonnes,#item+name,#status+stage,#adm1+code+dest,#meta+source\n"
            + "2024-01-10,KS,12,200,food,offloaded,,synthetic log\n2024-01-10,KS,12,200,food,collected,,synthetic log\n";

        var imported = await ImportAsync(log, "trucks.csv");

        Assert.Equal("Haven HXL truck log", imported.Value.Read.Format);
        var data = await _store.GetPlanningDataAsync();
        Assert.Equal(2, data.Trucks.Count);
        Assert.Empty(data.Arrivals);
        var arrival = Assert.Single(Deliveries.All(data));
        Assert.Equal(("synthetic log", "KS", 12.0, 200.0, 200 * 1000 * AidFactors.DefaultFoodKcalPerKg), (arrival.Source, arrival.Crossing, arrival.Trucks, arrival.Tonnes, arrival.Kcal));
    }

    [Fact]
    public async Task The_same_rows_again_change_nothing_and_are_not_audited()
    {
        await ImportAsync(Cogat, "cogat.csv");

        var again = await ImportAsync(Cogat, "cogat-copy.csv");

        Assert.Equal(0, again.Value.Sequence);
        Assert.Single(await _store.GetAuditAsync());
    }

    [Fact]
    public async Task Other_rows_for_a_stored_source_are_refused_without_replace_and_replace_them_with_it_audited()
    {
        await ImportAsync(Cogat, "cogat.csv");
        await ImportAsync(Unrwa, "unrwa.csv");
        string changed = Cogat.Replace(",32\n", ",33\n", StringComparison.Ordinal);

        var refused = await ImportAsync(changed, "cogat-new.csv");
        var replaced = await ImportAsync(changed, "cogat-new.csv", replace: true);

        Assert.Equal("aid.exists", refused.Problem!.Code);
        Assert.Contains("COGAT records are already stored (2 from 2024-02-25 to 2024-02-26)", refused.Problem.Message, StringComparison.Ordinal);
        Assert.Equal(2, replaced.Value.Replaced);
        var stored = (await _store.GetPlanningDataAsync()).Arrivals;
        Assert.Equal([33.0, 20.0], stored.Where(a => a.Source == "COGAT").Select(a => a.Tonnes!.Value));
        Assert.Single(stored, a => a.Source == "UNRWA");
        Assert.Equal(["import aid records", "import aid records", "replace aid records"], (await _store.GetAuditAsync()).Select(e => e.Action));
    }
}
