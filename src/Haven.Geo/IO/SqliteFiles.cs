using Microsoft.Data.Sqlite;

namespace Haven.Geo.IO;

/// <summary>Connection strings for SQLite files (GeoPackages, the embedded store).</summary>
public static class SqliteFiles
{
    /// <summary>
    /// The connection string for the file at <paramref name="path"/>, written directly: the path quoted (any double
    /// quote doubled), so that a ';' or '=' in it is read as part of the name. <see cref="SqliteConnectionStringBuilder"/>
    /// writes the same string, but by regular expressions it builds on first use, a noticeable share of a short
    /// command's start-up.
    /// </summary>
    public static string ConnectionString(string path, SqliteOpenMode mode, bool pooling = false, string? extra = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string modeName = mode switch
        {
            SqliteOpenMode.ReadOnly => "ReadOnly",
            SqliteOpenMode.ReadWrite => "ReadWrite",
            SqliteOpenMode.Memory => "Memory",
            _ => "ReadWriteCreate",
        };
        return $"Data Source=\"{path.Replace("\"", "\"\"", StringComparison.Ordinal)}\";Mode={modeName};Pooling={(pooling ? "True" : "False")}{(extra is null ? string.Empty : ";" + extra)}";
    }
}
