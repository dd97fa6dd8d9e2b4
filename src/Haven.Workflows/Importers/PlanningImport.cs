using Haven.Geo;
using Haven.Geo.Tabular;
using Haven.Planning;
using Haven.Planning.Population;
using Haven.Storage;
using Haven.Storage.Scenarios;
using Haven.Workflows.Access;

namespace Haven.Workflows.Importers;

/// <summary>
/// Imports one planning table from HXL-tagged CSV: population (added to the counts, replacing those of the same
/// area and date) or movements, services, trucks, crossings, access (replacing that table). Population and
/// movements are checked together first, so a movement that would leave an area below zero refuses the file.
/// Recorded in the audit log.
/// </summary>
public static class PlanningImport
{
    public const string Population = "population";

    public static readonly IReadOnlyList<string> Kinds = [Population, .. PlanningTables.Kinds];

    public static bool IsKind(string kind) => Kinds.Contains(kind);

    public static async Task<Outcome<string>> ImportAsync(IHavenStore store, TimeProvider time, string actor, string kind, string csv, string file,
        DateOnly? asOf = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(csv);
        if (!IsKind(kind))
        {
            return Outcome<string>.Failure("planning.kind", $"'{kind}' is not a planning table; expected {string.Join(", ", Kinds)}.");
        }

        var data = await store.GetPlanningDataAsync(cancellationToken);
        var population = await store.GetPopulationAsync(cancellationToken);
        if (kind == Population)
        {
            var table = CsvTable.Parse(new StringReader(csv), file);
            if (!table.Succeeded)
            {
                return table.Problem!;
            }

            var read = PopulationTables.ReadPopulation(table.Value, asOf);
            if (!read.Succeeded)
            {
                return read.Problem!;
            }

            // Every row's area must exist: a P-code the store does not hold is named, not left to the database to refuse.
            var areas = (await store.GetAreasAsync(cancellationToken)).Select(a => a.Pcode).ToHashSet(StringComparer.Ordinal);
            if (read.Value.Select(r => r.AreaPcode).Where(p => !areas.Contains(p)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
            {
                return Outcome<string>.Failure("population.unknown_area",
                    $"{file}: P-code {string.Join(", ", unknown.Take(10))}{(unknown.Count > 10 ? $" and {unknown.Count - 10} more" : "")} is not an area in the store; import the boundaries first, or correct the codes.");
            }

            var keys = read.Value.Select(r => (r.AreaPcode, r.Date)).ToHashSet();
            var merged = population.Where(p => !keys.Contains((p.AreaPcode, p.Date))).Concat(read.Value).ToList();
            var check = PopulationLedger.Build(merged, data.Movements);
            if (!check.Succeeded)
            {
                return check.Problem!;
            }

            string before = PopulationCsv.Format(population);
            await Audited.WriteAsync(store, time, actor, "import planning", Population, async () =>
            {
                int written = await store.UpsertPopulationAsync(read.Value, cancellationToken);
                return new AuditedWrite<int>(written, before, PopulationCsv.Format(merged.OrderBy(p => p.Date).ThenBy(p => p.AreaPcode, StringComparer.Ordinal)),
                    $"{read.Value.Count} population record(s) from {Path.GetFileName(file)}");
            }, cancellationToken);
            return $"{read.Value.Count} population record(s) for {keys.Select(k => k.AreaPcode).Distinct().Count()} area(s)";
        }

        var parsed = PlanningTables.Parse(kind, csv, file, data);
        if (!parsed.Succeeded)
        {
            return parsed.Problem!;
        }

        if (kind == PlanningTables.Movements)
        {
            var check = PopulationLedger.Build(population, parsed.Value.Movements);
            if (!check.Succeeded)
            {
                return check.Problem!;
            }
        }

        string previous = PlanningTables.Format(kind, data), next = PlanningTables.Format(kind, parsed.Value);
        int rows = next.Count(c => c == '\n') - 2;
        await Audited.WriteAsync(store, time, actor, "import planning", kind, async () =>
        {
            await store.SavePlanningTableAsync(kind, next, cancellationToken);
            return new AuditedWrite<int>(rows, previous, next, $"{rows} {kind} row(s) from {Path.GetFileName(file)}");
        }, cancellationToken);
        return $"{rows} {kind} row(s)";
    }
}
