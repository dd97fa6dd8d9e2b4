using System.Runtime.InteropServices;
using Npgsql;

namespace Haven.Workflows.Distributed;

/// <summary>
/// The T maps of finished tiles, in PostgreSQL beside the store: one row per run, tile and inference date, written
/// by a tile job in one transaction. A row already there is kept (ON CONFLICT DO NOTHING), so a job retried after
/// its worker was killed never writes a tile twice.
/// </summary>
public static class TileResults
{
    public const string Table = "haven_tile_results";

    public static async Task EnsureAsync(string connection, CancellationToken cancellationToken = default)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(
            $"CREATE TABLE IF NOT EXISTS {Table} (run text NOT NULL, tile integer NOT NULL, inference date NOT NULL, width integer NOT NULL, height integer NOT NULL, " +
            "t bytea NOT NULL, worker text NOT NULL, written_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (run, tile, inference))", db);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Writes a tile's maps in one transaction; returns the rows written (0 when the tile was already stored).</summary>
    public static int Write(string connection, string run, int tile, IReadOnlyList<(DateOnly Inference, int Width, int Height, float[] T)> maps, string worker)
    {
        using var db = new NpgsqlConnection(connection);
        db.Open();
        using var tx = db.BeginTransaction();
        int written = 0;
        foreach (var (inference, width, height, t) in maps)
        {
            using var cmd = new NpgsqlCommand(
                $"INSERT INTO {Table} (run, tile, inference, width, height, t, worker) VALUES (@run, @tile, @inference, @width, @height, @t, @worker) ON CONFLICT DO NOTHING", db, tx);
            cmd.Parameters.AddWithValue("run", run);
            cmd.Parameters.AddWithValue("tile", tile);
            cmd.Parameters.AddWithValue("inference", inference);
            cmd.Parameters.AddWithValue("width", width);
            cmd.Parameters.AddWithValue("height", height);
            cmd.Parameters.AddWithValue("t", MemoryMarshal.AsBytes(t.AsSpan()).ToArray());
            cmd.Parameters.AddWithValue("worker", worker);
            written += cmd.ExecuteNonQuery();
        }

        tx.Commit();
        return written;
    }

    /// <summary>The tiles of a run with every map stored.</summary>
    public static async Task<IReadOnlySet<int>> DoneAsync(string connection, string run, int maps, CancellationToken cancellationToken = default)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(cancellationToken);
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

    /// <summary>Every stored map of a run: tile, inference date and T.</summary>
    public static async Task<IReadOnlyList<(int Tile, DateOnly Inference, float[] T)>> ReadAsync(string connection, string run, CancellationToken cancellationToken = default)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand($"SELECT tile, inference, t FROM {Table} WHERE run = @run", db);
        cmd.Parameters.AddWithValue("run", run);
        var rows = new List<(int, DateOnly, float[])>();
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            var bytes = (byte[])r[2];
            rows.Add((r.GetInt32(0), r.GetFieldValue<DateOnly>(1), MemoryMarshal.Cast<byte, float>(bytes.AsSpan()).ToArray()));
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
