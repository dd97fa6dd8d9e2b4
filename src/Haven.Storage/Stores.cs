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
}
