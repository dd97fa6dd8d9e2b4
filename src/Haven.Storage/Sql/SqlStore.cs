using System.Data.Common;
using System.Globalization;
using Haven.Damage.Aggregation;
using Haven.Damage.Buildings;
using Haven.Geo;
using Haven.Planning;
using Haven.Planning.Population;
using Haven.Protection.Areas;
using Haven.Protection.Orders;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using Haven.Storage.Assessments;
using Haven.Storage.Scenarios;
using NetTopologySuite.Geometries;
using static Haven.Geo.Numbers;

namespace Haven.Storage.Sql;

/// <summary>
/// The store contract written once in SQL that SQLite and PostgreSQL both speak: the same tables, columns and
/// statements, with <c>@name</c> parameters. Each database supplies what differs (its connection, schema,
/// how dates, flags and geometry travel, and the bounding-box query) by overriding the members below.
/// Thread-safe: every call opens its own pooled connection; every write is one transaction.
/// </summary>
public abstract partial class SqlStore : IHavenStore
{
    /// <param name="time">The clock that stamps when a record was replaced (site history); the system clock when null.</param>
    protected SqlStore(TimeProvider? time) => Time = time ?? TimeProvider.System;

    /// <summary>The clock the store reads.</summary>
    protected TimeProvider Time { get; }

    /// <summary>Where the store is, for messages (a file path, or a connection string without its password).</summary>
    public abstract string Location { get; }

    public abstract Task<int> MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens a connection ready for use.</summary>
    protected abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Tables emptied before a scenario import, children first.</summary>
    protected abstract IReadOnlyList<string> ScenarioTables { get; }

    /// <summary>The condition selecting buildings (alias <c>b</c>) whose boxes meet @minx, @miny, @maxx, @maxy, with any join it needs.</summary>
    protected abstract string BuildingsWithin { get; }

    /// <summary>The column giving site_history rows in the order they were written.</summary>
    protected abstract string HistoryOrder { get; }

    /// <summary>A value as this database stores it (dates, times, flags and geometry differ).</summary>
    protected abstract object ToDb(object? value);

    protected abstract Geometry ReadGeometry(DbDataReader reader, int ordinal);

    protected abstract DateOnly ReadDate(DbDataReader reader, int ordinal);

    protected abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    protected virtual bool ReadFlag(DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture) != 0;

    /// <summary>Called after buildings are written in a scenario import (SQLite keeps a separate R*Tree).</summary>
    protected virtual Task AfterBuildingsAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Building> buildings, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Called after buildings are upserted (SQLite replaces their R*Tree boxes).</summary>
    protected virtual Task AfterBuildingUpsertAsync(DbConnection connection, DbTransaction tx, IReadOnlyList<Building> buildings, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public async Task<ScenarioInfo?> GetScenarioAsync(CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync(ScenarioQuery, ReadScenario, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<StoreContents> GetContentsAsync(CancellationToken cancellationToken = default)
    {
        if (_ambient.Value is { } ambient)
        {
            return await ContentsAsync(ambient.Connection, ambient.Transaction, cancellationToken);
        }

        await using var connection = await OpenAsync(cancellationToken);
        return await ContentsAsync(connection, null, cancellationToken);
    }

    private async Task<StoreContents> ContentsAsync(DbConnection connection, DbTransaction? tx, CancellationToken cancellationToken)
    {
        string[] tables = ["areas", "blocks", "buildings", "sites", "zones", "orders", "places", "population", "planning_tables", "assessments", "publications"];
        await using var cmd = Command(connection, tx,
            $"SELECT {string.Join(", ", tables.Select(t => $"(SELECT COUNT(*) FROM {t})"))}, (SELECT name FROM scenario WHERE id = 1)");
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        await r.ReadAsync(cancellationToken);
        long N(int i) => Convert.ToInt64(r.GetValue(i), CultureInfo.InvariantCulture);
        return new StoreContents(N(0), N(1), N(2), N(3), N(4), N(5), N(6), N(7), N(8), N(9), N(10), r.IsDBNull(11) ? null : r.GetString(11));
    }

    public async Task<Outcome<ScenarioLoad>> ImportScenarioAsync(Scenario scenario, bool replace = false, IProgress<WorkProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        int total = scenario.Areas.Count + scenario.Blocks.Count + scenario.Buildings.Count + scenario.Sites.Count
            + scenario.Zones.Count + scenario.Orders.Count + scenario.Population.Count;
        var outcome = await WriteAsync<Outcome<ScenarioLoad>>(async (connection, tx) =>
        {
        var contents = await ContentsAsync(connection, tx, cancellationToken);
        ScenarioLoad load = ScenarioLoad.Loaded;
        if (!contents.IsEmpty)
        {
            if (!replace && await StoredScenarioAsync(connection, tx, cancellationToken) == scenario.Info)
            {
                return ScenarioLoad.AlreadyLoaded;
            }

            if (!replace)
            {
                return new Problem("store.not_empty",
                    $"{Location} holds {contents.Describe()}; loading the scenario '{scenario.Info.Name}' would delete all of it. " +
                    "Load it into an empty store, or ask to replace what is there (haven import DIR --replace), which is recorded in the audit log.");
            }

            load = ScenarioLoad.Replaced;
        }

        int done = 0;
        void Report(string stage) => progress?.Report(new WorkProgress(stage, done, total));
        void Count() => done++;

        foreach (string table in ScenarioTables)
        {
            await ExecuteAsync(connection, tx, $"DELETE FROM {table}", cancellationToken);
        }

        var i = scenario.Info;
        await InsertAllAsync(connection, tx, "scenario", [i],
            x => [1, x.Name, x.Synthetic, x.Description, x.Seed.ToString(CultureInfo.InvariantCulture), x.ProjectedEpsg, x.EventDate, x.Source], () => { }, cancellationToken);
        Report("areas");
        await InsertAllAsync(connection, tx, "areas", scenario.Areas,
            a => [a.Pcode, a.NameEn, a.NameAr, a.Level, a.ParentPcode, a.Boundary, a.Source], Count, cancellationToken);
        Report("blocks");
        await InsertAllAsync(connection, tx, "blocks", scenario.Blocks, b => [b.Number, b.AreaPcode, b.Boundary, b.Source], Count, cancellationToken);
        Report("buildings");
        await InsertAllAsync(connection, tx, "buildings", scenario.Buildings,
            b => [BuildingKeys.Of(b.Id), b.Block, b.AreaPcode, b.AreaM2, b.Footprint, scenario.Info.Source, b.Id],
            () => { if (++done % 2000 == 0) { Report("buildings"); } }, cancellationToken);
        await AfterBuildingsAsync(connection, tx, scenario.Buildings, cancellationToken);
        Report("sites");
        await InsertAllAsync(connection, tx, "sites", scenario.Sites,
            s => [s.Id, s.Kind.ToCode(), s.NameEn, s.NameAr, s.Status, s.StatusSince, s.Location, s.Source], Count, cancellationToken);
        Report("zones");
        await InsertAllAsync(connection, tx, "zones", scenario.Zones,
            z => [z.Id, z.Version, z.Kind, z.NameEn, z.NameAr, z.ValidFrom, z.ValidTo, z.Boundary, z.Source], Count, cancellationToken);
        Report("orders");
        await InsertAllAsync(connection, tx, "orders", scenario.Orders, OrderValues, Count, cancellationToken, OrderColumns);
        await InsertAllAsync(connection, tx, "order_blocks", [.. scenario.Orders.SelectMany(o => o.Blocks.Distinct().Select(b => (o.Id, b)))],
            ob => [ob.Id, ob.b], () => { }, cancellationToken);
        Report("population");
        await InsertAllAsync(connection, tx, "population", scenario.Population,
            p => [p.AreaPcode, p.Date, p.Residents, p.Displaced, p.Source], Count, cancellationToken);
        await InsertAllAsync(connection, tx, "planning_tables", [.. PlanningTables.Kinds.Select(k => (Kind: k, Csv: PlanningTables.Format(k, scenario.Planning)))],
            t => [t.Kind, t.Csv, Sha256(t.Csv)], () => { }, cancellationToken);
        return load;
        }, cancellationToken);
        progress?.Report(new WorkProgress("done", total, total));
        return outcome;
    }

    private async Task<ScenarioInfo?> StoredScenarioAsync(DbConnection connection, DbTransaction tx, CancellationToken cancellationToken)
    {
        var rows = await ReadAllAsync(connection, tx, ScenarioQuery, ReadScenario, null, cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    private const string ScenarioQuery = "SELECT name, synthetic, description, seed, projected_epsg, event_date, source FROM scenario WHERE id = 1";

    private ScenarioInfo ReadScenario(DbDataReader r) =>
        new(r.GetString(0), ReadFlag(r, 1), r.GetString(2), ulong.Parse(r.GetString(3), CultureInfo.InvariantCulture), r.GetInt32(4), ReadDate(r, 5), r.GetString(6));

    public Task<IReadOnlyList<Area>> GetAreasAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT pcode, name_en, name_ar, level, parent, geom, source FROM areas ORDER BY pcode",
            r => new Area(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4), ReadGeometry(r, 5), r.GetString(6)),
            cancellationToken);

    public Task<IReadOnlyList<Block>> GetBlockEditionsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT edition, number, pcode, geom, source FROM block_editions ORDER BY edition, number",
            r => new Block(r.GetInt32(1), r.IsDBNull(2) ? null : r.GetString(2), ReadGeometry(r, 3), r.GetString(4)) { Edition = r.GetString(0) }, cancellationToken);

    public Task<IReadOnlyList<Block>> GetBlocksAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT number, pcode, geom, source FROM blocks ORDER BY number",
            r => new Block(r.GetInt32(0), r.IsDBNull(1) ? null : r.GetString(1), ReadGeometry(r, 2), r.GetString(3)), cancellationToken);

    public Task<IReadOnlyList<Building>> GetBuildingsAsync(Envelope? within = null, CancellationToken cancellationToken = default)
    {
        const string Columns = "SELECT b.ref, b.geom, b.block, b.pcode, b.area_m2 FROM buildings b";
        string sql = within is null ? Columns + " ORDER BY b.id" : $"{Columns} {BuildingsWithin} ORDER BY b.id";
        return QueryAsync(sql, r => new Building(r.GetString(0), ReadGeometry(r, 1), r.GetInt32(2), r.GetString(3), r.GetDouble(4)), cancellationToken,
            within is null ? [] : [("minx", within.MinX), ("maxx", within.MaxX), ("miny", within.MinY), ("maxy", within.MaxY)]);
    }

    public Task<IReadOnlyList<Site>> GetSitesAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT id, kind, name_en, name_ar, geom, status, status_since, source FROM sites ORDER BY id",
            r => new Site(r.GetString(0), SiteKinds.TryParse(r.GetString(1), out var k) ? k : SiteKind.Clinic, r.GetString(2), r.GetString(3),
                ReadGeometry(r, 4), r.GetString(5), ReadDate(r, 6), r.GetString(7)), cancellationToken);

    public Task<IReadOnlyList<Zone>> GetZonesAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT id, version, kind, name_en, name_ar, valid_from, valid_to, geom, source FROM zones ORDER BY id, version",
            r => new Zone(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4), ReadDate(r, 5),
                r.IsDBNull(6) ? null : ReadDate(r, 6), ReadGeometry(r, 7), r.GetString(8)), cancellationToken);

    public async Task<IReadOnlyList<EvacuationOrder>> GetOrdersAsync(CancellationToken cancellationToken = default)
    {
        var blocks = await QueryAsync("SELECT order_id, block FROM order_blocks ORDER BY order_id, block",
            r => (Order: r.GetString(0), Block: r.GetInt32(1)), cancellationToken);
        var byOrder = blocks.GroupBy(x => x.Order, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.Select(x => x.Block)], StringComparer.Ordinal);
        return await QueryAsync("SELECT id, issued_at, effective_from, lifted_on, status_en, status_ar, source, declares_safe, edition FROM orders ORDER BY effective_from, id",
            r => new EvacuationOrder(r.GetString(0), ReadTime(r, 1), ReadDate(r, 2), r.IsDBNull(3) ? null : ReadDate(r, 3),
                byOrder.GetValueOrDefault(r.GetString(0), []), r.GetString(4), r.GetString(5), r.GetString(6), ReadFlag(r, 7)) { Edition = r.GetString(8) }, cancellationToken);
    }

    public Task<IReadOnlyList<PopulationRecord>> GetPopulationAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT pcode, date, residents, displaced, source FROM population ORDER BY date, pcode",
            r => new PopulationRecord(r.GetString(0), ReadDate(r, 1), r.GetInt32(2), r.GetInt32(3), r.GetString(4)), cancellationToken);

    public async Task<PlanningData> GetPlanningDataAsync(CancellationToken cancellationToken = default)
    {
        var tables = await QueryAsync("SELECT kind, csv FROM planning_tables ORDER BY kind", r => (Kind: r.GetString(0), Csv: r.GetString(1)), cancellationToken);
        var data = PlanningData.Empty;
        foreach (var (kind, csv) in tables)
        {
            var read = PlanningTables.Parse(kind, csv, $"stored {kind} table", data);
            data = read.Succeeded ? read.Value : throw new InvalidDataException(read.Problem!.Message);
        }

        return data;
    }

    public async Task SavePlanningTableAsync(string kind, string csv, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var read = PlanningTables.Parse(kind, csv, kind, PlanningData.Empty);
        if (!read.Succeeded)
        {
            throw new ArgumentException(read.Problem!.Message, nameof(csv));
        }

        string canonical = PlanningTables.Format(kind, read.Value);
        await WriteAsync(async (connection, tx) =>
        {
            await ExecuteAsync(connection, tx, "DELETE FROM planning_tables WHERE kind = @kind", cancellationToken, ("kind", kind));
            await InsertAllAsync(connection, tx, "planning_tables", [kind], k => [k, canonical, Sha256(canonical)], () => { }, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<int> UpsertPopulationAsync(IReadOnlyList<PopulationRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        return await WriteAsync(async (connection, tx) =>
        {
            foreach (var r in records)
            {
                await ExecuteAsync(connection, tx, "DELETE FROM population WHERE pcode = @pcode AND date = @date", cancellationToken, ("pcode", r.AreaPcode), ("date", r.Date));
            }

            await InsertAllAsync(connection, tx, "population", records, p => [p.AreaPcode, p.Date, p.Residents, p.Displaced, p.Source], () => { }, cancellationToken);
            return records.Count;
        }, cancellationToken);
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    public async Task SaveAssessmentAsync(AssessmentRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await WriteAsync(async (connection, tx) =>
        {
        await ExecuteAsync(connection, tx, "DELETE FROM assessments WHERE id = @id", cancellationToken, ("id", run.Id));

        var dates = run.Result.Dates;
        await InsertAllAsync(connection, tx, "assessments", [run],
            r => [r.Id, r.CreatedAt, r.Method, r.EventDate, string.Join(',', dates.Select(d => Iso(d.Inference))),
                RunSummary.Json(r)],
            () => { }, cancellationToken);
        // In the order of the table's key (inference date, building id): each row then goes at the end of its index, not
        // somewhere in the middle. A date's scores are sorted by id through an array of positions, not by a LINQ sort of tuples.
        var rows = new List<(DateOnly Inference, Damage.Scoring.BuildingScore Score, bool Damaged)>(dates.Sum(d => d.Scores.Count));
        foreach (var d in dates.OrderBy(d => d.Inference))
        {
            var ids = new string[d.Scores.Count];
            var order = new int[ids.Length];
            for (int i = 0; i < ids.Length; i++)
            {
                (ids[i], order[i]) = (d.Scores[i].Id, i);
            }

            Array.Sort(ids, order, StringComparer.Ordinal);
            foreach (int i in order)
            {
                rows.Add((d.Inference, d.Scores[i], d.CumulativeDamaged.Contains(d.Scores[i].Id)));
            }
        }

        await InsertAllAsync(connection, tx, "assessment_buildings", rows,
            x => [run.Id, x.Inference, x.Score.Id, Finite(x.Score.Score), x.Damaged, x.Score.Coverage, Damage.Scoring.BuildingScore.FlagText(x.Score.Flags)],
            () => { }, cancellationToken);
        await InsertAllAsync(connection, tx, "assessment_areas", run.Result.Areas,
            a => [run.Id, a.Inference, a.Code, a.Name, a.Structures, a.Scored, a.Damaged, Finite(a.Share), Finite(a.Lower), Finite(a.Upper), a.Method],
            () => { }, cancellationToken);
        return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<AssessmentSummary>> ListAssessmentsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT id, created_at, method, event_date, inference_dates FROM assessments ORDER BY created_at DESC, id",
            r => new AssessmentSummary(r.GetString(0), ReadTime(r, 1), r.GetString(2), ReadDate(r, 3),
                [.. r.GetString(4).Split(',').Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture))]), cancellationToken);

    public Task<IReadOnlyList<AreaDamage>> GetAssessmentAreasAsync(string assessmentId, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT code, name, inference, structures, scored, damaged, share, lower_95, upper_95, method FROM assessment_areas WHERE assessment_id = @id ORDER BY inference, code",
            r => new AreaDamage(r.GetString(0), r.GetString(1), ReadDate(r, 2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5),
                NanIfNull(r, 6), NanIfNull(r, 7), NanIfNull(r, 8), r.GetString(9)),
            cancellationToken, [("id", assessmentId)]);

    public Task<IReadOnlyList<BuildingDamage>> GetBuildingDamageAsync(string assessmentId, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT inference, building_id, damaged, score FROM assessment_buildings WHERE assessment_id = @id ORDER BY inference, building_id",
            r => new BuildingDamage(ReadDate(r, 0), r.GetString(1), ReadFlag(r, 2), NanIfNull(r, 3)), cancellationToken, [("id", assessmentId)]);

    public async Task<bool> SaveDamageSiteLayerAsync(Damage.Unosat.DamageSiteLayer layer, bool replace = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return await WriteAsync(async (connection, tx) =>
        {
            if (await ScalarAsync(connection, tx, "SELECT COUNT(*) FROM damage_site_layers WHERE id = @id", cancellationToken, ("id", layer.Id)) is var n
                && Convert.ToInt64(n, CultureInfo.InvariantCulture) > 0)
            {
                if (!replace)
                {
                    return false;
                }

                await ExecuteAsync(connection, tx, "DELETE FROM damage_sites WHERE layer_id = @id", cancellationToken, ("id", layer.Id));
                await ExecuteAsync(connection, tx, "DELETE FROM damage_site_layers WHERE id = @id", cancellationToken, ("id", layer.Id));
            }

            await InsertAllAsync(connection, tx, "damage_site_layers", [layer],
                l => [l.Id, l.File, l.Sha256, l.ImportedAt, string.Join(',', l.Dates.Select(Iso))], () => { }, cancellationToken);
            await InsertAllAsync(connection, tx, "damage_sites", layer.Sites,
                s => [layer.Id, s.Index, s.ClassesText, s.Location], () => { }, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<Damage.Unosat.DamageSiteLayerInfo>> ListDamageSiteLayersAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT l.id, l.file, l.sha256, l.imported_at, l.dates, (SELECT COUNT(*) FROM damage_sites s WHERE s.layer_id = l.id) FROM damage_site_layers l ORDER BY l.imported_at, l.id",
            r => new Damage.Unosat.DamageSiteLayerInfo(r.GetString(0), r.GetString(1), r.GetString(2), ReadTime(r, 3), Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture),
                [.. r.GetString(4).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture))]),
            cancellationToken);

    public Task<IReadOnlyList<Damage.Unosat.LayerDamageSite>> GetDamageSitesAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT layer_id, site, classes, geom FROM damage_sites ORDER BY layer_id, site",
            r => new Damage.Unosat.LayerDamageSite(r.GetString(0), new Damage.Unosat.DamageSite(r.GetInt32(1), ReadGeometry(r, 3), Damage.Unosat.DamageSite.ParseClasses(r.GetString(2)))),
            cancellationToken);

    private static double NanIfNull(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? double.NaN : r.GetDouble(ordinal);

    protected static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    protected async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> map,
        CancellationToken cancellationToken, IReadOnlyList<(string, object?)>? parameters = null)
    {
        if (_ambient.Value is { } ambient)
        {
            return await ReadAllAsync(ambient.Connection, ambient.Transaction, sql, map, parameters, cancellationToken);
        }

        await using var connection = await OpenAsync(cancellationToken);
        return await ReadAllAsync(connection, null, sql, map, parameters, cancellationToken);
    }

    private async Task<IReadOnlyList<T>> ReadAllAsync<T>(DbConnection connection, DbTransaction? tx, string sql, Func<DbDataReader, T> map,
        IReadOnlyList<(string, object?)>? parameters, CancellationToken cancellationToken)
    {
        await using var cmd = Command(connection, tx, sql, [.. parameters ?? []]);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(map(reader));
        }

        return list;
    }

    /// <summary>Inserts rows into a table, all columns in order (or the named ones), reusing one command.</summary>
    protected virtual async Task InsertAllAsync<T>(DbConnection connection, DbTransaction tx, string table,
        IReadOnlyList<T> rows, Func<T, object?[]> values, Action afterRow, CancellationToken cancellationToken, string? columns = null)
    {
        if (rows.Count == 0)
        {
            return;
        }

        int n = values(rows[0]).Length;
        string names = string.Join(", ", Enumerable.Range(1, n).Select(p => "@p" + p.ToString(CultureInfo.InvariantCulture)));
        await using var cmd = Command(connection, tx, $"INSERT INTO {table} {(columns is null ? "" : $"({columns}) ")}VALUES ({names})");
        var parameters = new DbParameter[n];
        for (int p = 0; p < n; p++)
        {
            parameters[p] = cmd.CreateParameter();
            parameters[p].ParameterName = "p" + (p + 1).ToString(CultureInfo.InvariantCulture);
            cmd.Parameters.Add(parameters[p]);
        }

        foreach (var row in rows)
        {
            var v = values(row);
            for (int p = 0; p < n; p++)
            {
                parameters[p].Value = ToDb(v[p]);
            }

            await cmd.ExecuteNonQueryAsync(cancellationToken);
            afterRow();
        }
    }

    protected DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] values)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in values)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = ToDb(value);
            cmd.Parameters.Add(p);
        }

        return cmd;
    }

    protected async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] values)
    {
        await using var cmd = Command(connection, tx, sql, values);
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    protected async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] values)
    {
        await using var cmd = Command(connection, tx, sql, values);
        return await cmd.ExecuteScalarAsync(cancellationToken);
    }
}
