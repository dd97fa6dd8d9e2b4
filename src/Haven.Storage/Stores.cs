using Haven.Storage.Postgis;
using Haven.Storage.Sqlite;

namespace Haven.Storage;

/// <summary>Opens the store a setting names: a PostgreSQL connection string or URI, or else a SQLite file path.</summary>
public static class Stores
{
    public static IHavenStore Open(string database, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        return PostgisStore.IsConnectionString(database) ? new PostgisStore(database, time) : new SqliteStore(database, time);
    }

    /// <summary>True when the store a setting names is already there: a PostgreSQL server always is; a SQLite store when its file exists.</summary>
    public static bool Exists(string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        return PostgisStore.IsConnectionString(database) || File.Exists(database);
    }

    /// <summary>
    /// Removes a SQLite store and its journal files, for a command that created it moments ago and whose work was then
    /// refused (so that bad input leaves nothing behind). A PostgreSQL store is never removed.
    /// </summary>
    public static void DeleteCreated(string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        if (PostgisStore.IsConnectionString(database))
        {
            return;
        }

        // Pooled connections keep the file open.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (string file in new[] { database, database + "-wal", database + "-shm", database + "-journal" })
        {
            File.Delete(file);
        }
    }
}
