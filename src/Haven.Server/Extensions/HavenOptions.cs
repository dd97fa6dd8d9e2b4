namespace Haven.Server.Extensions;

/// <summary>Server settings, bound from the "Haven" configuration section.</summary>
public sealed class HavenOptions
{
    public const string Section = "Haven";

    /// <summary>Folder for the embedded database and generated data. Default "./data".</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The store: a SQLite file path (default DataDirectory/haven.db) or a PostgreSQL connection string for PostGIS.</summary>
    public string? Database { get; set; }

    /// <summary>Generate and load the synthetic Sample Strip on first start when the store is empty. Default true.</summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>Seed of the demo scenario. Default 1.</summary>
    public ulong DemoSeed { get; set; } = 1;

    public string DatabasePath => Database ?? Path.Combine(DataDirectory, "haven.db");
}
