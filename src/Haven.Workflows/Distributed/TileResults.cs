using System.Runtime.InteropServices;
using Npgsql;

namespace Haven.Workflows.Distributed;

/// <summary>
/// The T maps of finished tiles, in PostgreSQL beside the store: one row per run, tile and inference date, written
/// by a tile job in one transaction. A row already there is kept (ON CONFLICT DO NOTHING), so a job retried after
/// its worker was killed never writes a tile twice. Each write notifies <see cref="Channel"/> with the run's key,
/// so the process waiting for the run hears of it at once rather than at its next look.
/// </summary>
public static class TileResults
{
    public const string Table = "haven_tile_results";

    /// <summary>The channel a tile's write is announced on (LISTEN/NOTIFY); the payload is the run's key.</summary>
    public const string Channel = "haven_tiles";

    public static async Task EnsureAsync(string connection, CancellationToken cancellationToken = default)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(cancellationToken);
        // T is stored as written: float maps hardly compress, and trying to costs a worker a tenth of a second a tile.
        await using var cmd = new NpgsqlCommand(
            $"CREATE TABLE IF NOT EXISTS {Table} (run text NOT NULL, tile integer NOT NULL, inference date NOT NULL, width integer NOT NULL, height integer NOT NULL, " +
            "t bytea NOT NULL, worker text NOT NULL, written_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (run, tile, inference)); " +
            $"ALTER TABLE {Table} ADD COLUMN IF NOT EXISTS seconds double precision; ALTER TABLE {Table} ALTER COLUMN t SET STORAGE EXTERNAL", db);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Writes a tile's maps in one transaction, with the seconds the worker took to compute them; returns the rows
    /// written (0 when the tile was already stored).
    /// </summary>
    public static int Write(string connection, string run, int tile, IReadOnlyList<(DateOnly Inference, int Width, int Height, float[] T)> maps, string worker, double? seconds = null)
    {
        using var db = new NpgsqlConnection(ForMaps(connection));
        db.Open();
        using var tx = db.BeginTransaction();
        int written = 0;
        foreach (var (inference, width, height, t) in maps)
        {
            using var cmd = new NpgsqlCommand(
                $"INSERT INTO {Table} (run, tile, inference, width, height, t, worker, seconds) VALUES (@run, @tile, @inference, @width, @height, @t, @worker, @seconds) ON CONFLICT DO NOTHING", db, tx);
            cmd.Parameters.AddWithValue("run", run);
            cmd.Parameters.AddWithValue("tile", tile);
            cmd.Parameters.AddWithValue("inference", inference);
            cmd.Parameters.AddWithValue("width", width);
            cmd.Parameters.AddWithValue("height", height);
            cmd.Parameters.AddWithValue("t", MemoryMarshal.AsBytes(t.AsSpan()).ToArray());
            cmd.Parameters.AddWithValue("worker", worker);
            cmd.Parameters.AddWithValue("seconds", seconds is double s ? s : DBNull.Value);
            written += cmd.ExecuteNonQuery();
        }

        if (written > 0)
        {
            using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @run)", db, tx);
            notify.Parameters.AddWithValue("channel", Channel);
            notify.Parameters.AddWithValue("run", run);
            notify.ExecuteNonQuery();
        }

        tx.Commit();
        return written;
    }

    /// <summary>
    /// The connection maps are written through: with a 1 MiB write buffer, as a tile's map is megabytes (Npgsql's
    /// 8 KiB default takes twice as long to send one).
    /// </summary>
    private static string ForMaps(string connection)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connection) { WriteBufferSize = 1 << 20 }.ConnectionString;
        }
        catch (ArgumentException)
        {
            return connection; // an address form the builder does not take: written with the default buffer
        }
    }

    /// <summary>The tiles of a run with every map stored.</summary>
    public static async Task<IReadOnlySet<int>> DoneAsync(string connection, string run, int maps, CancellationToken cancellationToken = default)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(cancellationToken);
        return await DoneAsync(db, run, maps, cancellationToken);
    }

    /// <summary>The tiles of a run with every map stored, asked on an open connection.</summary>
    public static async Task<IReadOnlySet<int>> DoneAsync(NpgsqlConnection db, string run, int maps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await using var cmd = new NpgsqlCommand($"SELECT tile FROM {Table} WHERE run = @run GROUP BY tile HAVING count(*) = @maps", db);
        cmd.Parameters.AddWithValue("run", run);
        cmd.Parameters.AddWithValue("maps", (long)maps);
        var done = new HashSet<int>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            done.Add(r.GetInt32(0));
        }

        return done;
    }

    /// <summary>Every stored map of a run, or of the tiles named: tile, inference date, T, and the seconds its worker took (null when not recorded).</summary>
    public static async Task<IReadOnlyList<(int Tile, DateOnly Inference, float[] T, double? Seconds)>> ReadAsync(string connection, string run,
        IReadOnlyCollection<int>? tiles = null, CancellationToken cancellationToken = default)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand($"SELECT tile, inference, t, seconds FROM {Table} WHERE run = @run" + (tiles is null ? "" : " AND tile = ANY(@tiles)"), db);
        cmd.Parameters.AddWithValue("run", run);
        if (tiles is not null)
        {
            cmd.Parameters.AddWithValue("tiles", tiles.ToArray());
        }

        var rows = new List<(int, DateOnly, float[], double?)>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            var bytes = (byte[])r[2];
            rows.Add((r.GetInt32(0), r.GetFieldValue<DateOnly>(1), MemoryMarshal.Cast<byte, float>(bytes.AsSpan()).ToArray(), r.IsDBNull(3) ? null : r.GetDouble(3)));
        }

        return rows;
    }

    /// <summary>How many rows a run's tile has: a tile is written once, so this is the number of its maps or 0.</summary>
    public static async Task<long> RowsAsync(string connection, string run, int tile, CancellationToken cancellationToken = default)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand($"SELECT count(*) FROM {Table} WHERE run = @run AND tile = @tile", db);
        cmd.Parameters.AddWithValue("run", run);
        cmd.Parameters.AddWithValue("tile", tile);
        return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
    }
}
