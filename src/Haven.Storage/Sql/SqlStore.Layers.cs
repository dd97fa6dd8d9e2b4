using System.Data.Common;
using System.Globalization;
using Haven.Geo;
using Haven.Protection.Areas;
using Haven.Protection.Orders;
using Haven.Protection.Places;
using Haven.Protection.Publication;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using Haven.Storage.Importers;
using NetTopologySuite.Geometries;

namespace Haven.Storage.Sql;

/// <summary>Upserts of real layers, places, site history and the publication ledger.</summary>
public abstract partial class SqlStore
{
    private const string OrderColumns = "id, issued_at, effective_from, lifted_on, status_en, status_ar, source, declares_safe, edition";

    private static object?[] OrderValues(EvacuationOrder o) =>
        [o.Id, o.IssuedAt, o.EffectiveFrom, o.LiftedOn, o.StatusEn, o.StatusAr, o.Source, o.DeclaresSafe, o.Edition];

    public async Task<UpsertCounts> UpsertLayersAsync(IReadOnlyList<LayerBatch> batches, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        int total = batches.Sum(b => b.RecordCount);
        var counts = await WriteAsync(async (connection, tx) =>
        {
        var counts = new UpsertCounts(0, 0, 0);
        int done = 0;
        var now = Time.GetUtcNow();
        foreach (var batch in batches)
        {
            progress?.Report(new WorkProgress(Path.GetFileName(batch.File), done, total));
            foreach (var a in batch.Areas)
            {
                counts += await UpsertRowAsync(connection, tx, "areas", "pcode", a.Pcode,
                    [("name_en", a.NameEn), ("name_ar", a.NameAr), ("level", a.Level), ("parent", a.ParentPcode), ("geom", a.Boundary), ("source", a.Source)], cancellationToken);
            }

            foreach (var b in batch.Blocks.Where(b => b.Edition != Block.MainEdition))
            {
                // Another edition of the block map, kept beside the main one for the orders that name it.
                (string, object?)[] fields = [("edition", b.Edition), ("number", b.Number), ("pcode", b.AreaPcode), ("geom", b.Boundary), ("source", b.Source)];
                counts += await UpsertRowAsync(connection, tx, "block_editions", "key", $"{b.Edition}/{b.Number}", fields, cancellationToken);
            }

            foreach (var b in batch.Blocks.Where(b => b.Edition == Block.MainEdition))
            {
                // A block's area is kept when the file does not give one (the ArcGIS block maps have none).
                (string, object?)[] fields = b.AreaPcode is null ? [("geom", b.Boundary), ("source", b.Source)] : [("pcode", b.AreaPcode), ("geom", b.Boundary), ("source", b.Source)];
                counts += await UpsertRowAsync(connection, tx, "blocks", "number", b.Number, fields, cancellationToken);
            }

            foreach (var b in batch.Buildings)
            {
                // Exports carry no source for buildings: a new one is sourced to its file, a known one keeps its own.
                counts += await UpsertRowAsync(connection, tx, "buildings", "id", BuildingKeys.Of(b.Id),
                    [("block", b.Block), ("pcode", b.AreaPcode), ("area_m2", b.AreaM2), ("geom", b.Footprint), ("ref", b.Id)], cancellationToken,
                    insertOnly: [("source", Path.GetFileName(batch.File))]);
            }

            if (batch.Buildings.Count > 0)
            {
                await AfterBuildingUpsertAsync(connection, tx, batch.Buildings, cancellationToken);
            }

            foreach (var p in batch.Places)
            {
                counts += await UpsertRowAsync(connection, tx, "places", "id", p.Id,
                    [("kind", p.Kind), ("name_en", p.NameEn), ("name_ar", p.NameAr), ("geom", p.Location), ("source", p.Source)], cancellationToken);
            }

            foreach (var s in batch.Sites)
            {
                // Before a site changes, the state being replaced goes into its history.
                counts += await UpsertRowAsync(connection, tx, "sites", "id", s.Id,
                    [("kind", s.Kind.ToCode()), ("name_en", s.NameEn), ("name_ar", s.NameAr), ("status", s.Status), ("status_since", s.StatusSince),
                        ("geom", s.Location), ("source", s.Source)], cancellationToken,
                    beforeUpdate: ("INSERT INTO site_history (site_id, recorded_at, kind, name_en, name_ar, status, status_since, source) " +
                        "SELECT id, @at, kind, name_en, name_ar, status, status_since, source FROM sites WHERE id = @key", now));
            }

            foreach (var z in batch.Zones)
            {
                counts += await UpsertZoneAsync(connection, tx, z, cancellationToken);
            }

            foreach (var o in batch.Orders)
            {
                counts += await UpsertOrderAsync(connection, tx, o, cancellationToken);
            }

            done += batch.RecordCount;
        }

        return counts;
        }, cancellationToken);
        progress?.Report(new WorkProgress("done", total, total));
        return counts;
    }

    public Task<IReadOnlyList<Place>> GetPlacesAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT id, name_en, name_ar, kind, geom, source FROM places ORDER BY id",
            r => new Place(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), (Point)ReadGeometry(r, 4), r.GetString(5)), cancellationToken);

    public async Task<IReadOnlyList<SiteState>> GetSiteHistoryAsync(string siteId, CancellationToken cancellationToken = default)
    {
        var earlier = await QueryAsync($"SELECT recorded_at, kind, name_en, name_ar, status, status_since, source FROM site_history WHERE site_id = @id ORDER BY {HistoryOrder}",
            r => new SiteState(ReadTime(r, 0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), ReadDate(r, 5), r.GetString(6)),
            cancellationToken, [("id", siteId)]);
        var current = await QueryAsync("SELECT kind, name_en, name_ar, status, status_since, source FROM sites WHERE id = @id",
            r => new SiteState(null, r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), ReadDate(r, 4), r.GetString(5)),
            cancellationToken, [("id", siteId)]);
        return [.. earlier, .. current];
    }

    public Task<IReadOnlyList<LedgerEntry>> GetPublicationsAsync(bool withContent = false, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT seq, published_at, {(withContent ? "content" : "''")}, sha256, previous, signature, public_key FROM publications ORDER BY seq",
            r => new LedgerEntry(r.GetInt64(0), ReadTime(r, 1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6)), cancellationToken);

    public async Task AppendPublicationAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await WriteAsync(async (connection, tx) =>
        {
        long latest = Convert.ToInt64(await ScalarAsync(connection, tx, "SELECT COALESCE(MAX(seq), 0) FROM publications", cancellationToken), CultureInfo.InvariantCulture);
        if (entry.Sequence != latest + 1)
        {
            throw new InvalidOperationException($"Publication {entry.Sequence} does not follow the latest, {latest}.");
        }

        await InsertAllAsync(connection, tx, "publications", [entry],
            e => [e.Sequence, e.PublishedAt, e.Content, e.ContentSha256, e.Previous, e.Signature, e.PublicKey], () => { }, cancellationToken);
        return true;
        }, cancellationToken, System.Data.IsolationLevel.Serializable);
    }

    private async Task<UpsertCounts> UpsertZoneAsync(DbConnection connection, DbTransaction tx, Zone z, CancellationToken ct)
    {
        var latest = await QueryOneAsync(connection, tx,
            "SELECT version, (kind = @kind AND name_en = @en AND name_ar = @ar AND valid_from = @from AND valid_to IS NOT DISTINCT FROM @to " +
            "AND geom IS NOT DISTINCT FROM @geom) FROM zones WHERE id = @id ORDER BY version DESC LIMIT 1",
            r => (Version: r.GetInt32(0), Same: ReadFlag(r, 1)), ct,
            ("id", z.Id), ("kind", z.Kind), ("en", z.NameEn), ("ar", z.NameAr), ("from", z.ValidFrom), ("to", z.ValidTo), ("geom", z.Boundary));
        if (latest is { Same: true })
        {
            return new UpsertCounts(0, 0, 1);
        }

        int version = latest?.Version ?? 0;
        if (version > 0)
        {
            // A new version: the one before ends where it starts.
            await ExecuteAsync(connection, tx, "UPDATE zones SET valid_to = @from WHERE id = @id AND version = @v AND (valid_to IS NULL OR valid_to > @from)", ct,
                ("from", z.ValidFrom), ("id", z.Id), ("v", version));
        }

        await InsertAllAsync(connection, tx, "zones", [z],
            x => [x.Id, version + 1, x.Kind, x.NameEn, x.NameAr, x.ValidFrom, x.ValidTo, x.Boundary, x.Source], () => { }, ct);
        return version == 0 ? new UpsertCounts(1, 0, 0) : new UpsertCounts(0, 1, 0);
    }

    private async Task<UpsertCounts> UpsertOrderAsync(DbConnection connection, DbTransaction tx, EvacuationOrder o, CancellationToken ct)
    {
        var values = OrderValues(o);
        var columns = OrderColumns.Split(", ");
        var counts = await UpsertRowAsync(connection, tx, "orders", "id", o.Id, [.. columns.Skip(1).Select((c, i) => (c, values[i + 1]))], ct);
        // Blocks accumulate: two files describing the same order add up to its whole list.
        int added = 0;
        foreach (int b in o.Blocks.Distinct())
        {
            added += await ExecuteAsync(connection, tx, "INSERT INTO order_blocks (order_id, block) VALUES (@id, @block) ON CONFLICT DO NOTHING", ct,
                ("id", o.Id), ("block", b));
        }

        return counts.Added == 0 && counts.Changed == 0 && added > 0 ? new UpsertCounts(0, 1, 0) : counts;
    }

    /// <summary>
    /// Inserts a row, updates it when a value differs, or leaves it: one of the three counts is 1. The comparison
    /// is made by the database, so values compare as stored. Before an update, <paramref name="beforeUpdate"/>
    /// runs (with the row's key as @key and its value as @at).
    /// </summary>
    private async Task<UpsertCounts> UpsertRowAsync(DbConnection connection, DbTransaction tx, string table, string keyColumn, object key,
        (string Column, object? Value)[] fields, CancellationToken ct, (string Sql, object At)? beforeUpdate = null, (string Column, object? Value)[]? insertOnly = null)
    {
        (string, object?)[] parameters = [("key", key), .. fields.Select((f, i) => ($"p{i}", f.Value))];
        string same = string.Join(" AND ", fields.Select((f, i) => $"{f.Column} IS NOT DISTINCT FROM @p{i}"));
        var found = await QueryOneAsync(connection, tx, $"SELECT ({same}) FROM {table} WHERE {keyColumn} = @key", r => ReadFlag(r, 0), ct, parameters);
        if (found is true)
        {
            return new UpsertCounts(0, 0, 1);
        }

        if (found is false)
        {
            if (beforeUpdate is { } before)
            {
                await ExecuteAsync(connection, tx, before.Sql, ct, ("key", key), ("at", before.At));
            }

            await ExecuteAsync(connection, tx,
                $"UPDATE {table} SET {string.Join(", ", fields.Select((f, i) => $"{f.Column} = @p{i}"))} WHERE {keyColumn} = @key", ct, parameters);
            return new UpsertCounts(0, 1, 0);
        }

        var all = fields.Concat(insertOnly ?? []).ToArray();
        await ExecuteAsync(connection, tx,
            $"INSERT INTO {table} ({keyColumn}, {string.Join(", ", all.Select(f => f.Column))}) VALUES (@key, {string.Join(", ", all.Select((_, i) => $"@p{i}"))})",
            ct, [("key", key), .. all.Select((f, i) => ($"p{i}", f.Value))]);
        return new UpsertCounts(1, 0, 0);
    }

    private async Task<T?> QueryOneAsync<T>(DbConnection connection, DbTransaction tx, string sql, Func<DbDataReader, T> map, CancellationToken ct,
        params (string Name, object? Value)[] values)
        where T : struct
    {
        await using var cmd = Command(connection, tx, sql, values);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? map(r) : null;
    }
}
