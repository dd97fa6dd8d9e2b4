using System.Globalization;
using Haven.Geo;
using Haven.Protection.Orders;
using Haven.Protection.Places;
using Haven.Protection.Publication;
using Haven.Protection.Sites;
using Haven.Storage.Importers;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Haven.Storage.Sqlite;

/// <summary>Upserts of real layers, places, site history and the publication ledger.</summary>
public sealed partial class SqliteStore
{
    private const string OrderInsert = "INSERT INTO orders (id, issued_at, effective_from, lifted_on, status_en, status_ar, source, declares_safe) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    private static object?[] OrderValues(EvacuationOrder o) =>
        [o.Id, o.IssuedAt.ToString("O", CultureInfo.InvariantCulture), Iso(o.EffectiveFrom), o.LiftedOn is { } l ? Iso(l) : null,
            o.StatusEn, o.StatusAr, o.Source, o.DeclaresSafe ? 1 : 0];

    public async Task<UpsertCounts> UpsertLayersAsync(IReadOnlyList<LayerBatch> batches, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var wkb = new WKBWriter();
        var counts = new UpsertCounts(0, 0, 0);
        int total = batches.Sum(b => b.RecordCount), done = 0;
        string now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        foreach (var batch in batches)
        {
            progress?.Report(new WorkProgress(System.IO.Path.GetFileName(batch.File), done, total));
            foreach (var a in batch.Areas)
            {
                counts += await UpsertRowAsync(connection, tx, "areas", "pcode", a.Pcode,
                    [("name_en", a.NameEn), ("name_ar", a.NameAr), ("level", a.Level), ("parent", a.ParentPcode), ("geom", wkb.Write(a.Boundary)), ("source", a.Source)], cancellationToken);
            }

            foreach (var b in batch.Blocks)
            {
                counts += await UpsertRowAsync(connection, tx, "blocks", "number", b.Number,
                    [("geom", wkb.Write(b.Boundary)), ("source", b.Source)], cancellationToken);
            }

            foreach (var p in batch.Places)
            {
                counts += await UpsertRowAsync(connection, tx, "places", "id", p.Id,
                    [("kind", p.Kind), ("name_en", p.NameEn), ("name_ar", p.NameAr), ("geom", wkb.Write(p.Location)), ("source", p.Source)], cancellationToken);
            }

            foreach (var s in batch.Sites)
            {
                object?[]? replaced = null;
                var c = await UpsertRowAsync(connection, tx, "sites", "id", s.Id,
                    [("kind", s.Kind.ToCode()), ("name_en", s.NameEn), ("name_ar", s.NameAr), ("status", s.Status), ("status_since", Iso(s.StatusSince)),
                        ("geom", wkb.Write(s.Location)), ("source", s.Source)], cancellationToken, old => replaced = old);
                if (replaced is { } old)
                {
                    // Keep the state being replaced, so the site's history can be listed.
                    await using var h = Command(connection, tx, "INSERT INTO site_history VALUES ($id, $at, $kind, $en, $ar, $status, $since, $source)");
                    Bind(h, ("$id", s.Id), ("$at", now), ("$kind", old[0]), ("$en", old[1]), ("$ar", old[2]), ("$status", old[3]), ("$since", old[4]), ("$source", old[6]));
                    await h.ExecuteNonQueryAsync(cancellationToken);
                }

                counts += c;
            }

            foreach (var z in batch.Zones)
            {
                counts += await UpsertZoneAsync(connection, tx, z, wkb, cancellationToken);
            }

            foreach (var o in batch.Orders)
            {
                counts += await UpsertOrderAsync(connection, tx, o, cancellationToken);
            }

            done += batch.RecordCount;
        }

        await tx.CommitAsync(cancellationToken);
        progress?.Report(new WorkProgress("done", total, total));
        return counts;
    }

    public Task<IReadOnlyList<Place>> GetPlacesAsync(CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT id, name_en, name_ar, kind, geom, source FROM places ORDER BY id",
            (r, g) => new Place(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), (Point)g(4), r.GetString(5)), cancellationToken);

    public async Task<IReadOnlyList<SiteState>> GetSiteHistoryAsync(string siteId, CancellationToken cancellationToken = default)
    {
        var earlier = await QueryAsync("SELECT recorded_at, kind, name_en, name_ar, status, status_since, source FROM site_history WHERE site_id = $id ORDER BY rowid",
            (r, _) => new SiteState(DateTimeOffset.Parse(r.GetString(0), CultureInfo.InvariantCulture), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
                ParseDate(r.GetString(5)), r.GetString(6)), cancellationToken, [("$id", siteId)]);
        var current = await QueryAsync("SELECT kind, name_en, name_ar, status, status_since, source FROM sites WHERE id = $id",
            (r, _) => new SiteState(null, r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), ParseDate(r.GetString(4)), r.GetString(5)),
            cancellationToken, [("$id", siteId)]);
        return [.. earlier, .. current];
    }

    public Task<IReadOnlyList<LedgerEntry>> GetPublicationsAsync(bool withContent = false, CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT seq, published_at, {(withContent ? "content" : "''")}, sha256, previous, signature, public_key FROM publications ORDER BY seq",
            (r, _) => new LedgerEntry(r.GetInt64(0), DateTimeOffset.Parse(r.GetString(1), CultureInfo.InvariantCulture), r.GetString(2), r.GetString(3),
                r.GetString(4), r.GetString(5), r.GetString(6)), cancellationToken);

    public async Task AppendPublicationAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        long latest = Convert.ToInt64(await ScalarAsync(connection, tx, "SELECT COALESCE(MAX(seq), 0) FROM publications", cancellationToken), CultureInfo.InvariantCulture);
        if (entry.Sequence != latest + 1)
        {
            throw new InvalidOperationException($"Publication {entry.Sequence} does not follow the latest, {latest}.");
        }

        await using var cmd = Command(connection, tx, "INSERT INTO publications VALUES ($1, $2, $3, $4, $5, $6, $7)");
        Bind(cmd, ("$1", entry.Sequence), ("$2", entry.PublishedAt.ToString("O", CultureInfo.InvariantCulture)), ("$3", entry.Content), ("$4", entry.ContentSha256),
            ("$5", entry.Previous), ("$6", entry.Signature), ("$7", entry.PublicKey));
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    private static async Task<UpsertCounts> UpsertZoneAsync(SqliteConnection connection, SqliteTransaction tx, Protection.Zones.Zone z, WKBWriter wkb, CancellationToken ct)
    {
        byte[] geom = wkb.Write(z.Boundary);
        await using var read = Command(connection, tx, "SELECT version, kind, name_en, name_ar, valid_from, valid_to, geom FROM zones WHERE id = $id ORDER BY version DESC LIMIT 1");
        Bind(read, ("$id", z.Id));
        int latest = 0;
        await using (var r = await read.ExecuteReaderAsync(ct))
        {
            if (await r.ReadAsync(ct))
            {
                latest = r.GetInt32(0);
                bool same = r.GetString(1) == z.Kind && r.GetString(2) == z.NameEn && r.GetString(3) == z.NameAr && r.GetString(4) == Iso(z.ValidFrom)
                    && (r.IsDBNull(5) ? null : r.GetString(5)) == (z.ValidTo is { } t ? Iso(t) : null) && ((byte[])r.GetValue(6)).AsSpan().SequenceEqual(geom);
                if (same)
                {
                    return new UpsertCounts(0, 0, 1);
                }
            }
        }

        if (latest > 0)
        {
            // A new version: the one before ends where it starts.
            await using var close = Command(connection, tx, "UPDATE zones SET valid_to = $from WHERE id = $id AND version = $v AND (valid_to IS NULL OR valid_to > $from)");
            Bind(close, ("$from", Iso(z.ValidFrom)), ("$id", z.Id), ("$v", latest));
            await close.ExecuteNonQueryAsync(ct);
        }

        await using var insert = Command(connection, tx, "INSERT INTO zones VALUES ($id, $v, $kind, $en, $ar, $from, $to, $geom, $source)");
        Bind(insert, ("$id", z.Id), ("$v", latest + 1), ("$kind", z.Kind), ("$en", z.NameEn), ("$ar", z.NameAr), ("$from", Iso(z.ValidFrom)),
            ("$to", z.ValidTo is { } to ? Iso(to) : null), ("$geom", geom), ("$source", z.Source));
        await insert.ExecuteNonQueryAsync(ct);
        return latest == 0 ? new UpsertCounts(1, 0, 0) : new UpsertCounts(0, 1, 0);
    }

    private static async Task<UpsertCounts> UpsertOrderAsync(SqliteConnection connection, SqliteTransaction tx, EvacuationOrder o, CancellationToken ct)
    {
        var values = OrderValues(o);
        var fields = new (string, object?)[] { ("issued_at", values[1]), ("effective_from", values[2]), ("lifted_on", values[3]),
            ("status_en", values[4]), ("status_ar", values[5]), ("source", values[6]), ("declares_safe", values[7]) };
        var counts = await UpsertRowAsync(connection, tx, "orders", "id", o.Id, fields, ct);
        // Blocks accumulate: two files describing the same order add up to its whole list.
        int added = 0;
        await using var cmd = Command(connection, tx, "INSERT OR IGNORE INTO order_blocks VALUES ($id, $block)");
        var pid = cmd.Parameters.Add(new SqliteParameter("$id", o.Id));
        var pblock = cmd.Parameters.Add(new SqliteParameter("$block", 0));
        foreach (int b in o.Blocks.Distinct())
        {
            pblock.Value = b;
            added += await cmd.ExecuteNonQueryAsync(ct);
        }

        return counts.Added == 0 && counts.Changed == 0 && added > 0 ? new UpsertCounts(0, 1, 0) : counts;
    }

    /// <summary>
    /// Inserts a row, updates it when a value differs, or leaves it: one of the three counts is 1. Before an
    /// update, <paramref name="replaced"/> receives the row's old values, in the order of <paramref name="fields"/>.
    /// </summary>
    private static async Task<UpsertCounts> UpsertRowAsync(SqliteConnection connection, SqliteTransaction tx, string table, string keyColumn, object key,
        (string Column, object? Value)[] fields, CancellationToken ct, Action<object?[]>? replaced = null)
    {
        string columns = string.Join(", ", fields.Select(f => f.Column));
        await using (var select = Command(connection, tx, $"SELECT {columns} FROM {table} WHERE {keyColumn} = $key"))
        {
            Bind(select, ("$key", key));
            await using var r = await select.ExecuteReaderAsync(ct);
            if (await r.ReadAsync(ct))
            {
                bool same = true;
                for (int i = 0; i < fields.Length && same; i++)
                {
                    same = SameValue(r.IsDBNull(i) ? null : r.GetValue(i), fields[i].Value);
                }

                if (same)
                {
                    return new UpsertCounts(0, 0, 1);
                }

                if (replaced is not null)
                {
                    var old = new object?[fields.Length];
                    for (int i = 0; i < fields.Length; i++)
                    {
                        old[i] = r.IsDBNull(i) ? null : r.GetValue(i);
                    }

                    replaced(old);
                }

                await r.DisposeAsync();
                await using var update = Command(connection, tx,
                    $"UPDATE {table} SET {string.Join(", ", fields.Select((f, i) => $"{f.Column} = $p{i}"))} WHERE {keyColumn} = $key");
                Bind(update, [("$key", key), .. fields.Select((f, i) => ($"$p{i}", f.Value))]);
                await update.ExecuteNonQueryAsync(ct);
                return new UpsertCounts(0, 1, 0);
            }
        }

        await using var insert = Command(connection, tx,
            $"INSERT INTO {table} ({keyColumn}, {columns}) VALUES ($key, {string.Join(", ", fields.Select((_, i) => $"$p{i}"))})");
        Bind(insert, [("$key", key), .. fields.Select((f, i) => ($"$p{i}", f.Value))]);
        await insert.ExecuteNonQueryAsync(ct);
        return new UpsertCounts(1, 0, 0);
    }

    private static bool SameValue(object? stored, object? value) => (stored, value) switch
    {
        (null, null) => true,
        (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
        (long a, int b) => a == b,
        (long a, long b) => a == b,
        (double a, double b) => a.Equals(b),
        (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
        _ => Equals(stored, value),
    };
}
