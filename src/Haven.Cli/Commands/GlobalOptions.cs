using System.CommandLine;
using Haven.Storage;

namespace Haven.Cli.Commands;

/// <summary>Options every command takes.</summary>
public static class GlobalOptions
{
    public const string DefaultDatabase = "./data/haven.db";

    public static Option<string> Database { get; } = new("--db")
    {
        Description = "The store: a SQLite file path (created if missing), or a PostgreSQL connection string (Host=...;Database=...) or URI (postgresql://...) for PostGIS.",
        DefaultValueFactory = _ => DefaultDatabase,
        Recursive = true,
    };

    /// <summary>Opens the store named by --db, stamping its audit rows with <paramref name="time"/>, and brings its schema up to date.</summary>
    public static async Task<IHavenStore> OpenStoreAsync(ParseResult parse, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var store = Stores.Open(parse.GetValue(Database) ?? DefaultDatabase, time);
        await store.MigrateAsync(cancellationToken);
        return store;
    }
}
