using System.Globalization;
using System.Text.Json;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Haven.Damage.Pwtt;
using Haven.Damage.Stacks;

namespace Haven.Workflows.Distributed;

/// <summary>
/// One tile of a distributed PWTT run, as a Hangfire job on the PostgreSQL that holds the store: the worker opens
/// the stack (files it can see, or addresses it reads over HTTP), runs the tile with its halo and writes the
/// tile's maps in one transaction. A tile already stored is not run again; a failure is retried with back-off.
/// </summary>
public static class TileJob
{
    public const string Queue = "tiles";

    /// <summary>Stacks opened by this worker, by manifest and its time of writing: the tiles of a run share one check of every image.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Manifest, DateTime Written), ImageStack> Stacks = new();

    /// <summary>Where the worker says what it did: one line per tile (its run, how long it took to compute and to store).</summary>
    public static Action<string>? Log { get; set; }

    /// <summary>The connection tile results are written through: the worker's own --db, never carried in the job.</summary>
    public static string? Connection { get; set; }

    /// <summary>
    /// The schema Hangfire's tables go in: "hangfire", or "{schema}_hangfire" when the connection's search path
    /// starts with a schema of its own, so that stores kept in separate schemas of one database keep separate jobs.
    /// </summary>
    public static string SchemaFor(string connection)
    {
        string? first;
        try
        {
            first = new Npgsql.NpgsqlConnectionStringBuilder(connection).SearchPath?.Split(',')[0].Trim().Trim('"');
        }
        catch (ArgumentException)
        {
            first = null; // a postgresql:// address: no search path
        }

        return string.IsNullOrEmpty(first) || first is "public" or "$user" ? "hangfire" : first + "_hangfire";
    }

    /// <summary>Hangfire storage on a PostgreSQL connection (schema <see cref="SchemaFor"/>, created when missing).</summary>
    public static PostgreSqlStorage Storage(string connection)
    {
        // A job whose worker died is taken up again after this long (a killed worker cannot say it stopped).
        double seconds = double.TryParse(Environment.GetEnvironmentVariable("HAVEN_JOB_INVISIBILITY_SECONDS"), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 ? s : 300;
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = SchemaFor(connection),
            PrepareSchemaIfNecessary = true,
            InvisibilityTimeout = TimeSpan.FromSeconds(seconds),
            // Workers hear of new jobs by LISTEN/NOTIFY (PostgreSQL 11 or later), polling only as a fallback.
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connection, options), options);
    }

    /// <summary>The manifest's text written where this worker keeps the manifests it was given, named by the run and the text's digest.</summary>
    private static string Copy(string run, string text)
    {
        string folder = Path.Combine(Path.GetTempPath(), "haven-worker");
        Directory.CreateDirectory(folder);
        string digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];
        string path = Path.Combine(folder, $"{run}-{digest}.csv");
        if (!File.Exists(path))
        {
            string temp = path + "." + Environment.ProcessId + ".tmp";
            File.WriteAllText(temp, text);
            File.Move(temp, path, overwrite: true);
        }

        return path;
    }

    /// <summary>
    /// Runs one tile and stores its maps. <paramref name="manifest"/> is the stack manifest's path where the run was
    /// queued, read there by a worker that sees it; <paramref name="manifestText"/> is its text, for a worker that
    /// does not: its images are then read where the text names them (https addresses, or absolute paths).
    /// </summary>
    [AutomaticRetry(Attempts = 4, DelaysInSeconds = [2, 10, 30, 60])]
    [Queue(Queue)]
    public static int Run(string run, string manifest, string manifestText, int tileSize, int tile, string eventDate, string inference, string options)
    {
        string connection = Connection ?? throw new InvalidOperationException("This process is not a Haven worker (haven worker --db ...).");
        var dates = inference.Split(',').Select(d => DateOnly.ParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
        if (TileResults.RowsAsync(connection, run, tile).GetAwaiter().GetResult() == dates.Count)
        {
            return 0; // stored by an earlier attempt
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        string path = File.Exists(manifest) ? manifest : Copy(run, manifestText);
        var stack = Stacks.GetOrAdd((path, File.GetLastWriteTimeUtc(path)), key =>
        {
            var opened = ImageStack.Open(key.Manifest);
            return opened.Succeeded ? opened.Value : throw new InvalidOperationException(opened.Problem!.Message
                + (key.Manifest == manifest ? string.Empty : $" (the manifest is not at {manifest} on this worker: its images must be https addresses, or absolute paths this worker can read)"));
        });
        var pwtt = JsonSerializer.Deserialize<PwttOptions>(options) ?? PwttOptions.Default;
        var plan = PwttTiles.Plan(stack.Grid, tileSize, PwttTiles.Halo(pwtt, stack.Grid.Transform.PixelWidth));
        var maps = PwttTiles.RunTile(stack, plan[tile], DateOnly.ParseExact(eventDate, "yyyy-MM-dd", CultureInfo.InvariantCulture), dates, pwtt);
        if (!maps.Succeeded)
        {
            throw new InvalidOperationException($"tile {tile}: {maps.Problem!.Message}");
        }

        var computed = clock.Elapsed;
        int written = TileResults.Write(connection, run, tile, [.. maps.Value.Maps.Select(m => (m.Inference, m.T.Grid.Width, m.T.Grid.Height, m.T.Data))],
            $"{Environment.MachineName}/{Environment.ProcessId}", computed.TotalSeconds);
        Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"{run} tile {tile}: computed in {computed.TotalSeconds:0.00} s, {written} maps stored in {(clock.Elapsed - computed).TotalSeconds:0.00} s"));
        return written;
    }
}
