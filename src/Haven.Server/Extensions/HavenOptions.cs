
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

    /// <summary>Largest GeoJSON body an import takes (bytes). Default 64 MiB.</summary>
    public long MaxImportBytes { get; set; } = 64L << 20;

    /// <summary>Largest body of an edit of one zone, site or order (bytes). Default 4 MiB.</summary>
    public long MaxEditBytes { get; set; } = 4L << 20;

    /// <summary>Most vertices one feature's geometry may have. Default 100,000.</summary>
    public int MaxVerticesPerFeature { get; set; } = 100_000;

    /// <summary>Requests per second each client address may make to the public endpoints before 429. Default 100; 0 turns the limit off.</summary>
    public int PublicRequestsPerSecond { get; set; } = 100;

    /// <summary>Seconds a request may run before it is cancelled (assessments run in the background, not in a request). Default 30.</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Folder the files named by POST /api/assessments are read from (radar stacks, and buildings, areas and labels
    /// when not taken from the store). Default DataDirectory/inputs; the demo writes its synthetic stack there.
    /// </summary>
    public string? InputDirectory { get; set; }

    /// <summary>On the first start that seeds the demo, also write the Sample Strip's files (with its radar stack) to the input folder. Default true.</summary>
    public bool WriteDemoInputs { get; set; } = true;

    /// <summary>With the demo's files written, also queue an assessment of its radar stack, so damage shows from the first start. Default true.</summary>
    public bool AssessDemo { get; set; } = true;

    /// <summary>On the first start that seeds the demo, also sign a first publication, so printed sheets carry a fingerprint. Default true.</summary>
    public bool PublishDemo { get; set; } = true;

    public string DatabasePath => Database ?? Path.Combine(DataDirectory, "haven.db");
}
