using System.Globalization;
using Haven.Geo;
using Haven.Planning;
using Haven.Planning.Aid;
using Haven.Storage;
using Haven.Workflows.Access;

namespace Haven.Workflows.Importers;

/// <summary>What an import of aid records did.</summary>
/// <param name="Read">What the file held.</param>
/// <param name="Imported">Records now stored for the source.</param>
/// <param name="Replaced">Records of the same source stored before and replaced (0 when none were).</param>
/// <param name="Sequence">The audit entry, 0 when nothing changed.</param>
/// <param name="Note">What was done, in plain words.</param>
public sealed record AidImportResult(AidRecordsRead Read, int Imported, int Replaced, long Sequence, string Note);

/// <summary>
/// Imports aid records as their publishers give them (<see cref="AidRecords"/>). Each source's records are kept
/// apart and never merged with another's: importing UNRWA's workbook leaves COGAT's list as it was. A source
/// already stored is replaced only when the user asks (<c>replace</c>), and every change is in the audit log.
/// A truck log in Haven's HXL format is imported as the truck log table.
/// </summary>
public static class AidImport
{
    public static async Task<Outcome<AidImportResult>> ImportAsync(IHavenStore store, TimeProvider time, string actor, AidRecordsRead read, bool replace,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(read);
        if (read.TruckLogCsv is { } log)
        {
            var imported = await PlanningImport.ImportAsync(store, time, actor, PlanningTables.Trucks, log, read.Source, null, cancellationToken);
            return imported.Succeeded ? new AidImportResult(read, read.RowsRead, 0, 0, $"truck log: {imported.Value} stored as the truck log table") : imported.Problem!;
        }

        var data = await store.GetPlanningDataAsync(cancellationToken);
        if (read.Regions.Count > 0)
        {
            return await RegionsAsync(store, time, actor, read, data, replace, cancellationToken);
        }

        var stored = data.Arrivals.Where(a => a.Source == read.Source).ToList();
        string previous = ArrivalTable.Format(data.Arrivals);
        var merged = data.Arrivals.Where(a => a.Source != read.Source).Concat(read.Arrivals)
            .OrderBy(a => a.Source, StringComparer.Ordinal).ThenBy(a => a.Date).ToList();
        string next = ArrivalTable.Format(merged);

        // The same records from a copy of the file under another name are the same records: where a row was read is not compared.
        if (ArrivalTable.Format(stored.Select(a => a with { Row = "" })) == ArrivalTable.Format(read.Arrivals.OrderBy(a => a.Date).Select(a => a with { Row = "" })))
        {
            return new AidImportResult(read, read.Arrivals.Count, 0, 0, $"{read.Source} records already stored from the same rows; nothing changed");
        }

        if (stored.Count > 0 && !replace)
        {
            return Outcome<AidImportResult>.Failure("aid.exists", string.Create(CultureInfo.InvariantCulture,
                $"{read.Source} records are already stored ({stored.Count:N0} from {stored.Min(a => a.Date):yyyy-MM-dd} to {stored.Max(a => a.Date):yyyy-MM-dd}) and this file's differ; import with --replace (replace=true) to replace them, which is recorded in the audit log."));
        }

        string replacing = stored.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $", replacing {stored.Count:N0}") : string.Empty;
        var (_, sequence) = await Audited.WriteAsync(store, time, actor, stored.Count > 0 ? "replace aid records" : "import aid records", read.Source, async () =>
        {
            await store.SavePlanningTableAsync(PlanningTables.Arrivals, next, cancellationToken);
            return new AuditedWrite<int>(read.Arrivals.Count, previous, next, string.Create(CultureInfo.InvariantCulture,
                $"{read.Arrivals.Count:N0} {read.Source} record(s) from {read.Format}{replacing}; {read.Skipped.Count:N0} row(s) not imported"));
        }, cancellationToken);
        return new AidImportResult(read, read.Arrivals.Count, stored.Count, sequence, string.Create(CultureInfo.InvariantCulture,
            $"{read.Arrivals.Count:N0} {read.Source} record(s) stored{replacing} (audit #{sequence})"));
    }

    private static async Task<Outcome<AidImportResult>> RegionsAsync(IHavenStore store, TimeProvider time, string actor, AidRecordsRead read, PlanningData data, bool replace,
        CancellationToken cancellationToken)
    {
        string region = read.Regions[0].Region;
        var stored = data.Regions.Where(r => r.Region == region).ToList();
        string previous = Haven.Planning.Population.RegionPopulationTable.Format(data.Regions);
        string next = Haven.Planning.Population.RegionPopulationTable.Format(data.Regions.Where(r => r.Region != region).Concat(read.Regions)
            .OrderBy(r => r.Region, StringComparer.Ordinal).ThenBy(r => r.Date));
        if (Haven.Planning.Population.RegionPopulationTable.Format(stored) == Haven.Planning.Population.RegionPopulationTable.Format(read.Regions.OrderBy(r => r.Date)))
        {
            return new AidImportResult(read, read.Regions.Count, 0, 0, $"the population of '{region}' is already stored from the same rows; nothing changed");
        }

        if (stored.Count > 0 && !replace)
        {
            return Outcome<AidImportResult>.Failure("aid.exists", string.Create(CultureInfo.InvariantCulture,
                $"The population of '{region}' is already stored ({stored.Count} estimate(s) from {stored.Min(r => r.Date):yyyy-MM-dd} to {stored.Max(r => r.Date):yyyy-MM-dd}) and this file's differ; import with --replace (replace=true) to replace them, which is recorded in the audit log."));
        }

        var (_, sequence) = await Audited.WriteAsync(store, time, actor, stored.Count > 0 ? "replace region population" : "import region population", region, async () =>
        {
            await store.SavePlanningTableAsync(PlanningTables.Regions, next, cancellationToken);
            return new AuditedWrite<int>(read.Regions.Count, previous, next, $"{read.Regions.Count} estimate(s) of the population of '{region}' from {read.Format}");
        }, cancellationToken);
        return new AidImportResult(read, read.Regions.Count, stored.Count, sequence, $"{read.Regions.Count} estimate(s) of the population of '{region}' stored (audit #{sequence})");
    }
}
