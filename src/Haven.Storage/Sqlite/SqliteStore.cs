using Haven.Geo;
using System.Globalization;
using Haven.Damage.Buildings;
using Haven.Planning.Population;
using Haven.Protection.Areas;
using Haven.Protection.Orders;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using Haven.Damage.Aggregation;
using Haven.Storage.Assessments;
using Haven.Storage.Scenarios;
using Microsoft.Data.Sqlite;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Haven.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with foreign keys on, geometry as WKB and building bounding
/// boxes in an R*Tree. Thread-safe: every call opens its own pooled connection.
/// </summary>
public sealed partial class SqliteStore : IHavenStore
{
    private readonly string _connectionString;

    public SqliteStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            ForeignKeys = true,
        }.ToString();
    }

    public string Path { get; }

    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);", cancellationToken);
        int version = Convert.ToInt32(await ScalarAsync(connection, null, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken), CultureInfo.InvariantCulture);
        // Foreign keys off while tables are rebuilt (SQLite's documented procedure), checked before each commit.
        await ExecuteAsync(connection, null, "PRAGMA foreign_keys = OFF", cancellationToken);
        for (int next = version + 1; next <= SqliteSchema.Migrations.Count; next++)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(connection, tx, SqliteSchema.Migrations[next - 1], cancellationToken);
            await using (var check = Command(connection, tx, "PRAGMA foreign_key_check"))
            await using (var broken = await check.ExecuteReaderAsync(cancellationToken))
            {
                if (await broken.ReadAsync(cancellationToken))
                {
                    throw new InvalidOperationException($"{Path}: migration {next} would break a reference from table {broken.GetString(0)}; the database is left at version {version}.");
                }
            }

            await ExecuteAsync(connection, tx, $"INSERT INTO schema_version (version) VALUES ({next})", cancellationToken);
            await tx.CommitAsync(cancellationToken);
            version = next;
        }

        await ExecuteAsync(connection, null, "PRAGMA foreign_keys = ON", cancellationToken);
        return version;
    }

    public async Task<ScenarioInfo?> GetScenarioAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT name, synthetic, description, seed, projected_epsg, event_date, source FROM scenario WHERE id = 1";
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        return await r.ReadAsync(cancellationToken)
            ? new ScenarioInfo(r.GetString(0), r.GetInt32(1) != 0, r.GetString(2), ulong.Parse(r.GetString(3), CultureInfo.InvariantCulture),
                r.GetInt32(4), ParseDate(r.GetString(5)), r.GetString(6))
            : null;
    }

    public async Task ImportScenarioAsync(Scenario scenario, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        int total = scenario.Areas.Count + scenario.Blocks.Count + scenario.Buildings.Count + scenario.Sites.Count
            + scenario.Zones.Count + scenario.Orders.Count + scenario.Population.Count;
        int done = 0;
        void Report(string stage) => progress?.Report(new WorkProgress(stage, done, total));

        foreach (string table in SqliteSchema.ScenarioTables)
        {
            await ExecuteAsync(connection, tx, $"DELETE FROM {table}", cancellationToken);
        }

        var i = scenario.Info;
        await using (var cmd = Command(connection, tx,
            "INSERT INTO scenario VALUES (1, $name, $synthetic, $description, $seed, $epsg, $event, $source)"))
        {
            Bind(cmd, ("$name", i.Name), ("$synthetic", i.Synthetic ? 1 : 0), ("$description", i.Description),
                ("$seed", i.Seed.ToString(CultureInfo.InvariantCulture)), ("$epsg", i.ProjectedEpsg), ("$event", Iso(i.EventDate)), ("$source", i.Source));
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }

        var wkb = new WKBWriter();
        Report("areas");
        await InsertAllAsync(connection, tx, "INSERT INTO areas VALUES ($1, $2, $3, $4, $5, $6, $7)", scenario.Areas,
            a => [a.Pcode, a.NameEn, a.NameAr, a.Level, a.ParentPcode, wkb.Write(a.Boundary), a.Source], () => done++, cancellationToken);
        Report("blocks");
        await InsertAllAsync(connection, tx, "INSERT INTO blocks VALUES ($1, $2, $3, $4)", scenario.Blocks,
            b => [b.Number, b.AreaPcode, wkb.Write(b.Boundary), b.Source], () => done++, cancellationToken);
        Report("buildings");
        await InsertAllAsync(connection, tx, "INSERT INTO buildings VALUES ($1, $2, $3, $4, $5, $6)", scenario.Buildings,
            b => [b.Id, b.Block, b.AreaPcode, b.AreaM2, wkb.Write(b.Footprint), scenario.Info.Source],
            () => { if (++done % 2000 == 0) { Report("buildings"); } }, cancellationToken);
        await InsertAllAsync(connection, tx, "INSERT INTO buildings_rtree VALUES ($1, $2, $3, $4, $5)", scenario.Buildings,
            b => { var e = b.Footprint.EnvelopeInternal; return [b.Id, e.MinX, e.MaxX, e.MinY, e.MaxY]; }, () => { }, cancellationToken);
        Report("sites");
        await InsertAllAsync(connection, tx, "INSERT INTO sites VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", scenario.Sites,
            s => [s.Id, s.Kind.ToCode(), s.NameEn, s.NameAr, s.Status, Iso(s.StatusSince), wkb.Write(s.Location), s.Source], () => done++, cancellationToken);
        Report("zones");
        await InsertAllAsync(connection, tx, "INSERT INTO zones VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", scenario.Zones,
            z => [z.Id, z.Version, z.Kind, z.NameEn, z.NameAr, Iso(z.ValidFrom), z.ValidTo is { } to ? Iso(to) : null, wkb.Write(z.Boundary), z.Source],
            () => done++, cancellationToken);
        Report("orders");
        await InsertAllAsync(connection, tx, OrderInsert, scenario.Orders, OrderValues, () => done++, cancellationToken);
        await InsertAllAsync(connection, tx, "INSERT INTO order_blocks VALUES ($1, $2)",
            scenario.Orders.SelectMany(o => o.Blocks.Distinct().Select(b => (o.Id, b))).ToList(),
            ob => [ob.Id, ob.b], () => { }, cancellationToken);
        Report("population");
        await InsertAllAsync(connection, tx, "INSERT INTO population VALUES ($1, $2, $3, $4, $5)", scenario.Population,
            p => [p.AreaPcode, Iso(p.Date), p.Residents, p.Displaced, p.Source], () => done++, cancellationToken);

        await tx.CommitAsync(cancellationToken);
        progress?.Report(new WorkProgress("done", total, total));
    }

    public Task<IReadOnlyList<Area>> GetAreasAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT pcode, name_en, name_ar, level, parent, geom, source FROM areas ORDER BY pcode",
            (r, g) => new Area(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4), g(5), r.GetString(6)),
            cancellationToken);

    public Task<IReadOnlyList<Block>> GetBlocksAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT number, pcode, geom, source FROM blocks ORDER BY number",
            (r, g) => new Block(r.GetInt32(0), r.IsDBNull(1) ? null : r.GetString(1), g(2), r.GetString(3)), cancellationToken);

    public Task<IReadOnlyList<Building>> GetBuildingsAsync(Envelope? within = null, CancellationToken cancellationToken = default)
    {
        const string Columns = "SELECT b.id, b.geom, b.block, b.pcode, b.area_m2 FROM buildings b";
        string sql = within is null
            ? Columns + " ORDER BY b.id"
            : Columns + " JOIN buildings_rtree t ON t.id = b.id WHERE t.max_x >= $minx AND t.min_x <= $maxx AND t.max_y >= $miny AND t.min_y <= $maxy ORDER BY b.id";
        return QueryAsync(sql, (r, g) => new Building(r.GetInt64(0), g(1), r.GetInt32(2), r.GetString(3), r.GetDouble(4)), cancellationToken,
            within is null ? [] : [("$minx", within.MinX), ("$maxx", within.MaxX), ("$miny", within.MinY), ("$maxy", within.MaxY)]);
    }

    public Task<IReadOnlyList<Site>> GetSitesAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT id, kind, name_en, name_ar, geom, status, status_since, source FROM sites ORDER BY id",
            (r, g) => new Site(r.GetString(0), SiteKinds.TryParse(r.GetString(1), out var k) ? k : SiteKind.Clinic, r.GetString(2), r.GetString(3),
                g(4), r.GetString(5), ParseDate(r.GetString(6)), r.GetString(7)), cancellationToken);

    public Task<IReadOnlyList<Zone>> GetZonesAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT id, version, kind, name_en, name_ar, valid_from, valid_to, geom, source FROM zones ORDER BY id, version",
            (r, g) => new Zone(r.GetString(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetString(4), ParseDate(r.GetString(5)),
                r.IsDBNull(6) ? null : ParseDate(r.GetString(6)), g(7), r.GetString(8)), cancellationToken);

    public async Task<IReadOnlyList<EvacuationOrder>> GetOrdersAsync(CancellationToken cancellationToken = default)
    {
        var blocks = await QueryAsync("SELECT order_id, block FROM order_blocks ORDER BY order_id, block",
            (r, _) => (Order: r.GetString(0), Block: r.GetInt32(1)), cancellationToken);
        var byOrder = blocks.GroupBy(x => x.Order, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.Select(x => x.Block)], StringComparer.Ordinal);
        return await QueryAsync("SELECT id, issued_at, effective_from, lifted_on, status_en, status_ar, source, declares_safe FROM orders ORDER BY effective_from, id",
            (r, _) => new EvacuationOrder(r.GetString(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture),
                ParseDate(r.GetString(2)), r.IsDBNull(3) ? null : ParseDate(r.GetString(3)),
                byOrder.GetValueOrDefault(r.GetString(0), []), r.GetString(4), r.GetString(5), r.GetString(6), r.GetInt32(7) != 0), cancellationToken);
    }

    public Task<IReadOnlyList<PopulationRecord>> GetPopulationAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT pcode, date, residents, displaced, source FROM population ORDER BY date, pcode",
            (r, _) => new PopulationRecord(r.GetString(0), ParseDate(r.GetString(1)), r.GetInt32(2), r.GetInt32(3), r.GetString(4)), cancellationToken);

    public async Task SaveAssessmentAsync(AssessmentRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using (var delete = Command(connection, tx, "DELETE FROM assessments WHERE id = $id"))
        {
            Bind(delete, ("$id", run.Id));
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        var dates = run.Result.Dates;
        await InsertAllAsync(connection, tx, "INSERT INTO assessments VALUES ($1, $2, $3, $4, $5, $6)", [run],
            r => [r.Id, r.CreatedAt.ToString("O", CultureInfo.InvariantCulture), r.Method, Iso(r.EventDate),
                string.Join(',', dates.Select(d => Iso(d.Inference))),
                System.Text.Json.JsonSerializer.Serialize(AssessmentWriter.SummaryDocument(r), AssessmentWriter.JsonOptions)],
            () => { }, cancellationToken);
        var rows = dates.SelectMany(d => d.Scores.Select(s => (d.Inference, Score: s, Damaged: d.CumulativeDamaged.Contains(s.Id)))).ToList();
        await InsertAllAsync(connection, tx, "INSERT INTO assessment_buildings VALUES ($1, $2, $3, $4, $5, $6, $7)", rows,
            x => [run.Id, Iso(x.Inference), x.Score.Id, double.IsFinite(x.Score.Score) ? x.Score.Score : null, x.Damaged ? 1 : 0,
                x.Score.Coverage, Damage.Scoring.BuildingScore.FlagText(x.Score.Flags)],
            () => { }, cancellationToken);
        await InsertAllAsync(connection, tx, "INSERT INTO assessment_areas VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)", run.Result.Areas,
            a => [run.Id, Iso(a.Inference), a.Code, a.Name, a.Structures, a.Scored, a.Damaged, Finite(a.Share), Finite(a.Lower), Finite(a.Upper), a.Method],
            () => { }, cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    public Task<IReadOnlyList<AssessmentSummary>> ListAssessmentsAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT id, created_at, method, event_date, inference_dates FROM assessments ORDER BY created_at DESC, id",
            (r, _) => new AssessmentSummary(r.GetString(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture), r.GetString(2),
                ParseDate(r.GetString(3)), [.. r.GetString(4).Split(',').Select(ParseDate)]), cancellationToken);

    public Task<IReadOnlyList<AreaDamage>> GetAssessmentAreasAsync(string assessmentId, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT code, name, inference, structures, scored, damaged, share, lower_95, upper_95, method FROM assessment_areas WHERE assessment_id = $id ORDER BY inference, code",
            (r, _) => new AreaDamage(r.GetString(0), r.GetString(1), ParseDate(r.GetString(2)), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5),
                r.IsDBNull(6) ? double.NaN : r.GetDouble(6), r.IsDBNull(7) ? double.NaN : r.GetDouble(7), r.IsDBNull(8) ? double.NaN : r.GetDouble(8), r.GetString(9)),
            cancellationToken, [("$id", assessmentId)]);

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;", cancellationToken);
        return connection;
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Func<SqliteDataReader, Func<int, Geometry>, T> map,
        CancellationToken cancellationToken, IReadOnlyList<(string, object?)>? parameters = null)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var cmd = Command(connection, null, sql);
        Bind(cmd, [.. parameters ?? []]);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        var wkb = new WKBReader(NtsGeometryServices.Instance);
        Geometry Geom(int ordinal)
        {
            var g = wkb.Read((byte[])reader.GetValue(ordinal));
            g.SRID = 4326;
            return g;
        }

        var list = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(map(reader, Geom));
        }

        return list;
    }

    private static async Task InsertAllAsync<T>(SqliteConnection connection, SqliteTransaction tx, string sql,
        IReadOnlyList<T> rows, Func<T, object?[]> values, Action afterRow, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var cmd = Command(connection, tx, sql);
        int n = values(rows[0]).Length;
        var parameters = new SqliteParameter[n];
        for (int p = 0; p < n; p++)
        {
            parameters[p] = cmd.Parameters.Add(new SqliteParameter("$" + (p + 1).ToString(CultureInfo.InvariantCulture), null));
        }

        cmd.Prepare();
        foreach (var row in rows)
        {
            var v = values(row);
            for (int p = 0; p < n; p++)
            {
                parameters[p].Value = v[p] ?? DBNull.Value;
            }

            await cmd.ExecuteNonQueryAsync(cancellationToken);
            afterRow();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private static void Bind(SqliteCommand cmd, params (string Name, object? Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = Command(connection, tx, sql);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var cmd = Command(connection, tx, sql);
        return await cmd.ExecuteScalarAsync(cancellationToken);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
