using System.Diagnostics;
using System.Security.Cryptography;
using Haven.Damage.Assessment;
using Haven.Damage.Buildings;
using Haven.Damage.Ccd;
using Haven.Damage.Pwtt;
using Haven.Damage.Scoring;
using Haven.Damage.Stacks;
using Haven.Geo;
using Haven.Geo.Crs;
using Haven.Protection.Areas;
using Haven.Storage;
using Haven.Storage.Assessments;
using Haven.Storage.Scenarios;
using Haven.Workflows.Access;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Haven.Workflows.Assessments;

/// <summary>
/// What one damage assessment is asked to do. Buildings and areas are GeoJSON files, or, when null, the
/// buildings and areas already in the store (<see cref="StoredLayers"/>). <see cref="Pwtt"/> holds PWTT's
/// options (windows, filter, radii; the paper's defaults when null); <see cref="Threshold"/>, when set, overrides
/// the threshold of whichever method runs. <see cref="Stack"/> is a CSV manifest of co-registered images, or a
/// folder of Sentinel-1 products that is aligned onto one grid over <see cref="Aoi"/> (a polygon file; by default
/// the buildings) with <see cref="Alignment"/>, kept in <see cref="AlignmentCache"/> (by default <see cref="ProductStacks.DefaultCache"/>).
/// </summary>
public sealed record AssessmentRequest(
    string Stack,
    DateOnly EventDate,
    IReadOnlyList<DateOnly> InferenceDates,
    string Method = "pwtt",
    string? Buildings = null,
    string? Areas = null,
    string? Labels = null,
    string? LabelField = null,
    double? Threshold = null,
    string? ConfineTo = null,
    PwttOptions? Pwtt = null,
    AlignmentOptions? Alignment = null,
    string? Aoi = null,
    string? AlignmentCache = null,
    string? LabelExtent = null,
    string? IdField = null)
{
    public static readonly IReadOnlyList<string> Methods = ["pwtt", "ccd"];

    /// <summary>PWTT in tiles of this many cells a side, each with the halo that keeps it exact (null: one run over the whole grid).</summary>
    public int? TileSize { get; init; }

    /// <summary>What runs the tiles when they are not run in this process (Hangfire workers: <see cref="Distributed.DistributedTiles"/>).</summary>
    public Func<AssessmentInput, IProgress<WorkProgress>?, Outcome<ChangeMaps>>? TileRunner { get; init; }

    /// <summary>
    /// The one validation of a request, for every front end: a known method, at least one inference date, each
    /// strictly after the event (an inference date starts a post-event window), and a finite threshold.
    /// </summary>
    public Problem? Check()
    {
        if (!Methods.Contains(Method))
        {
            return new Problem("assess.method", $"method '{Method}' is not known; expected pwtt or ccd.");
        }

        if (InferenceDates.Count == 0)
        {
            return new Problem("assess.inference", "inference: no date; expected at least one date after the event.");
        }

        if (InferenceDates.FirstOrDefault(d => d <= EventDate) is var early && early != default)
        {
            return new Problem("assess.inference", $"inference date {early:yyyy-MM-dd} is not after the event date {EventDate:yyyy-MM-dd}; each inference date starts a window after the event.");
        }

        if (Threshold is double t && !double.IsFinite(t))
        {
            return new Problem("assess.threshold", $"threshold {t}: expected a finite number (the building score above which a building is damaged).");
        }

        if (TileSize is int tile && (tile < 16 || tile > 65_536))
        {
            return new Problem("assess.tile_size", $"tile size {tile}: expected a number of cells a side from 16 to 65,536.");
        }

        if (TileSize is not null && Method != "pwtt")
        {
            return new Problem("assess.tile_size", "tile size: only PWTT runs in tiles; coherent change detection runs over the whole grid.");
        }

        // Options are refused when the request is made, not after it has waited in a queue and read the stack.
        if (Pwtt?.Validate() is string pwtt)
        {
            return new Problem("assess.options", $"pwtt: {pwtt}");
        }

        return Alignment?.Validate() is string alignment ? new Problem("assess.options", alignment) : null;
    }
}

/// <summary>The store's buildings and areas, for a request that names no files for them.</summary>
public sealed record StoredLayers(IReadOnlyList<Building> Buildings, IReadOnlyList<Area> Areas)
{
    public static async Task<StoredLayers> ReadAsync(IHavenStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new StoredLayers(await store.GetBuildingsAsync(null, cancellationToken), await store.GetAreasAsync(cancellationToken));
    }
}

/// <summary>
/// Runs an assessment from a request: reads and hashes the inputs, runs PWTT or coherent change detection,
/// and returns the finished run. The command line and the server's background runs share this one path.
/// </summary>
public static class Assessor
{
    public static Outcome<AssessmentRun> Run(AssessmentRequest request, StoredLayers? stored, DateTimeOffset now, IProgress<WorkProgress>? progress = null, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Check() is { } invalid)
        {
            return invalid;
        }

        if ((request.Buildings is null || request.Areas is null) && stored is null)
        {
            return Outcome<AssessmentRun>.Failure("assess.layers", "Buildings and areas must be files, or read from the store.");
        }

        bool ccd = request.Method == "ccd";
        // The method's options are checked before any file is read.
        var ccdOptions = CcdOptions.Default with { DamageThreshold = request.Threshold ?? CcdOptions.Default.DamageThreshold };
        var pwtt = request.Pwtt ?? PwttOptions.Default;
        var options = pwtt with { DamageThreshold = ccd ? ccdOptions.DamageThreshold : request.Threshold ?? pwtt.DamageThreshold };
        if ((ccd ? ccdOptions.Validate() : options.Validate()) is string badOptions)
        {
            return Outcome<AssessmentRun>.Failure("assess.options", $"{request.Method}: {badOptions}");
        }

        var dates = request.InferenceDates.Order().ToList();
        var clock = Stopwatch.StartNew();
        progress?.Report(new WorkProgress("reading inputs", 0, 1));
        string manifest = request.Stack;
        (AlignedStack Stack, IReadOnlyList<InputFile> Products)? aligned = null;
        double alignSeconds = 0;
        Haven.Geo.GeoJson.GeoJsonReadResult? buildingsRead = null; // read once, before the grid's CRS is known
        if (Directory.Exists(request.Stack))
        {
            if (ccd)
            {
                return Outcome<AssessmentRun>.Failure("assess.stack", $"{request.Stack}: a folder of products holds backscatter intensity; coherent change detection needs a manifest of co-registered single-look complex images.");
            }

            var aoi = AreaOfInterest(request, stored);
            if (!aoi.Succeeded)
            {
                return aoi.Problem!;
            }

            buildingsRead = aoi.Value.Buildings;
            var built = ProductStacks.Build(request.Stack, aoi.Value.Extent, request.Alignment ?? AlignmentOptions.Default, null, request.AlignmentCache, progress);
            if (!built.Succeeded)
            {
                return built.Problem!;
            }

            aligned = built.Value;
            manifest = built.Value.Stack.Manifest;
            alignSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
        }

        var opened = ImageStack.Open(manifest, complex: ccd, aligned is null ? request.ConfineTo : null);
        if (!opened.Succeeded)
        {
            return opened.Problem!;
        }

        var stack = opened.Value;
        double openSeconds = clock.Elapsed.TotalSeconds;

        Outcome<Layers> layers;
        Outcome<ChangeMaps>? maps = null;
        if (!ccd && request.TileSize is null)
        {
            // The change maps depend only on the stack, the dates and the options. They are worked out while a thread
            // of its own reads, checks and projects the buildings, areas and labels, works out which cells each
            // building covers and hashes the inputs: the two share the cores instead of taking turns. A problem with
            // the layers stops the maps and is the one reported, as when the layers were read first.
            using var stop = new CancellationTokenSource();
            Outcome<Layers>? side = null;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo? fault = null;
            var thread = new Thread(() =>
            {
                try
                {
                    side = ReadLayers(request, stored, stack, manifest, aligned?.Products, buildingsRead, null, coverage: true);
                }
                catch (Exception ex)
                {
                    // Thrown again on the caller's thread, as if read there: an exception on a thread of its own would end the process.
                    fault = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex);
                }
                finally
                {
                    if (side is not { Succeeded: true })
                    {
                        stop.Cancel();
                    }
                }
            }) { Name = "haven assessment inputs", IsBackground = true };
            thread.Start();
            try
            {
                maps = PwttEngine.Run(stack, request.EventDate, dates, options, progress, stop.Token);
            }
            finally
            {
                // Waited for even when the maps failed with an exception: the thread uses `stop` until it ends.
                if (thread.IsAlive)
                {
                    progress?.Report(new WorkProgress("reading and hashing inputs", 0, 1));
                }

                thread.Join();
            }

            fault?.Throw();
            layers = side!.Value;
        }
        else
        {
            layers = ReadLayers(request, stored, stack, manifest, aligned?.Products, buildingsRead, progress, coverage: false);
        }

        if (!layers.Succeeded)
        {
            return layers.Problem!;
        }

        var (footprints, areas, labels, inputs, scorer, readSeconds, hashSeconds) = layers.Value;
        var seconds = new Dictionary<string, double> { ["read_inputs"] = openSeconds + readSeconds };
        if (aligned is not null)
        {
            // Recognising, hashing and aligning the products (nothing to align when the cache held them).
            seconds["recognise_hash_and_align"] = alignSeconds;
        }

        seconds["hash_inputs"] = hashSeconds;
        var input = new AssessmentInput(stack, request.EventDate, dates, footprints.Footprints, areas, labels, options) { TileSize = request.TileSize };
        Outcome<AssessmentResult> result;
        if (ccd)
        {
            progress?.Report(new WorkProgress("coherence", 0, 1));
            var coherence = CcdEngine.Run(stack, request.EventDate, dates, ccdOptions);
            result = coherence.Succeeded ? DamageAssessment.Evaluate(input, coherence.Value, progress, scorer) : coherence.Problem!;
        }
        else if (maps is { } made)
        {
            result = made.Succeeded ? DamageAssessment.Evaluate(input, made.Value, progress, scorer) : made.Problem!;
        }
        else
        {
            result = DamageAssessment.Run(input, progress, request.TileRunner);
        }

        if (!result.Succeeded)
        {
            return result.Problem!;
        }

        foreach (var (k, v) in result.Value.StageSeconds)
        {
            seconds[k] = v;
        }

        var parameters = ccd ? MethodParameters.Of(ccdOptions, options.SmallFootprintM2) : MethodParameters.Of(options);
        if (!ccd && request.TileSize is int tile)
        {
            // A tiled run says how it was cut: the tile size and the halo that keeps each tile exact.
            parameters = new SortedDictionary<string, object>(parameters.ToDictionary(), StringComparer.Ordinal)
            {
                ["tile_size"] = tile,
                ["tile_halo_cells"] = PwttTiles.Halo(options, stack.Grid.Transform.PixelWidth),
            };
        }
        return new AssessmentRun(id ?? IdFor(request.Method, now, aligned is null ? inputs[0].Sha256 : StackFingerprint(request.Stack)), now, request.Method, request.EventDate, options.DamageThreshold, parameters,
            inputs, result.Value, footprints.Wgs84, seconds, Synthetic: IsSynthetic(manifest), Alignment: aligned?.Stack) { IdsAreNumbers = footprints.IdsAreNumbers };
    }

    /// <summary>What an assessment reads besides the images: the layers in the stack's CRS, the inputs' digests and the time each took.</summary>
    private sealed record Layers(BuildingInput Buildings, IReadOnlyList<AssessmentArea> Areas, LabelSet? Labels, List<InputFile> Inputs, BuildingScorer? Scorer,
        double ReadSeconds, double HashSeconds);

    /// <summary>
    /// Reads, checks and projects the buildings, areas and labels onto the stack's grid, refuses a stack that covers
    /// none of the buildings, and hashes every input. With <paramref name="coverage"/> it also works out which cells
    /// each building covers (<see cref="BuildingScorer"/>), which depends only on the grid.
    /// </summary>
    private static Outcome<Layers> ReadLayers(AssessmentRequest request, StoredLayers? stored, ImageStack stack, string manifest, IReadOnlyList<InputFile>? products,
        Haven.Geo.GeoJson.GeoJsonReadResult? buildingsRead, IProgress<WorkProgress>? progress, bool coverage)
    {
        var clock = Stopwatch.StartNew();
        int epsg = stack.Grid.Epsg;
        var footprints = request.Buildings is null ? StoredBuildings(stored!.Buildings, epsg) : AssessmentInputs.Buildings(request.Buildings, epsg, buildingsRead, request.IdField);
        if (!footprints.Succeeded)
        {
            return footprints.Problem!;
        }

        if (footprints.Value.Footprints.Count == 0)
        {
            return Outcome<Layers>.Failure("assess.no_buildings", $"{request.Buildings ?? "the store"}: no buildings to assess.");
        }

        var areas = request.Areas is null ? StoredAreas(stored!.Areas, epsg) : AssessmentInputs.Areas(request.Areas, epsg);
        if (!areas.Succeeded)
        {
            return areas.Problem!;
        }

        LabelSet? labels = null;
        if (request.Labels is not null)
        {
            var read = AssessmentInputs.Labels(request.Labels, epsg, footprints.Value.Footprints, request.LabelField, areas.Value, request.LabelExtent);
            if (!read.Succeeded)
            {
                return read.Problem!;
            }

            labels = read.Value;
        }

        // A stack that covers no building would store a run with every score missing, which would then read as "latest".
        var (minX, minY, maxX, maxY) = stack.Grid.Bounds;
        var extent = new Envelope(minX, maxX, minY, maxY);
        if (!footprints.Value.Footprints.Any(f => f.Shape.EnvelopeInternal.Intersects(extent)))
        {
            return Outcome<Layers>.Failure("assess.no_coverage", string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{request.Stack}: the images cover [{minX:F0}, {minY:F0}, {maxX:F0}, {maxY:F0}] in EPSG:{epsg}, which holds none of the {footprints.Value.Footprints.Count:N0} buildings; nothing was stored."));
        }

        var scorer = coverage ? new BuildingScorer(footprints.Value.Footprints, stack.Grid) : null;
        double readSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var inputs = new List<InputFile> { InputFile.Hash(products is null ? "stack manifest" : "aligned stack manifest", manifest) };
        if (products is not null)
        {
            // The products as downloaded are the inputs; the aligned images are derived from them.
            inputs.AddRange(products);
            if (request.Aoi is not null)
            {
                inputs.Add(InputFile.Hash("area of interest", request.Aoi));
            }
        }
        else
        {
            var entries = stack.Entries;
            inputs.AddRange(InputFile.HashAll([.. entries.Select((e, i) => ($"image {e.Date:yyyy-MM-dd} {e.Polarisation} orbit {e.Orbit}", stack.Paths[i]))], progress));
        }

        inputs.Add(request.Buildings is null ? StoredInput("buildings", stored!.Buildings.Select(b => b.Footprint)) : InputFile.Hash("buildings", request.Buildings));
        inputs.Add(request.Areas is null ? StoredInput("areas", stored!.Areas.Select(a => a.Boundary)) : InputFile.Hash("areas", request.Areas));
        if (request.Labels is not null)
        {
            inputs.Add(InputFile.Hash("labels", request.Labels));
        }

        if (request.LabelExtent is not null)
        {
            inputs.Add(InputFile.Hash("label extent", request.LabelExtent));
        }

        return new Layers(footprints.Value, areas.Value, labels, inputs, scorer, readSeconds, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The WGS 84 envelope a folder of products is aligned over: the --aoi polygons, else the buildings. A buildings
    /// file read here is handed back, so it is not read again once the grid's CRS is known.
    /// </summary>
    private static Outcome<(Envelope Extent, Haven.Geo.GeoJson.GeoJsonReadResult? Buildings)> AreaOfInterest(AssessmentRequest request, StoredLayers? stored)
    {
        if (request.Aoi is not null)
        {
            var aoi = ProductStacks.AreaOfInterest(request.Aoi);
            return aoi.Succeeded ? (aoi.Value, null) : aoi.Problem!;
        }

        Haven.Geo.GeoJson.GeoJsonReadResult? read = null;
        var envelope = new Envelope();
        if (request.Buildings is null)
        {
            foreach (var b in stored!.Buildings)
            {
                envelope.ExpandToInclude(b.Footprint.EnvelopeInternal);
            }
        }
        else
        {
            var file = AssessmentInputs.ReadPolygons(request.Buildings);
            if (!file.Succeeded)
            {
                return file.Problem!;
            }

            read = file.Value;
            envelope = AssessmentInputs.Extent(read);
        }

        return envelope.IsNull
            ? Outcome<(Envelope, Haven.Geo.GeoJson.GeoJsonReadResult?)>.Failure("assess.no_buildings", $"{request.Buildings ?? "the store"}: no buildings to take an area of interest from.")
            : (envelope, read);
    }

    /// <summary>
    /// What names a stack before it is read: a manifest's SHA-256, or for a folder of products the SHA-256 of its
    /// files' relative names, sizes and modification times (cheap; the products' own digests are taken during the run).
    /// </summary>
    public static string StackFingerprint(string stack)
    {
        if (!Directory.Exists(stack))
        {
            return InputFile.Sha256Of(stack);
        }

        var listing = new System.Text.StringBuilder();
        foreach (var file in new DirectoryInfo(stack).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true })
            .OrderBy(f => f.FullName, StringComparer.Ordinal))
        {
            listing.Append(Path.GetRelativePath(stack, file.FullName)).Append('\t').Append(file.Length).Append('\t').Append(file.LastWriteTimeUtc.Ticks).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(listing.ToString())));
    }

    /// <summary>An assessment's id: method, UTC time to the second and the start of the stack's fingerprint (<see cref="StackFingerprint"/>).</summary>
    public static string IdFor(string method, DateTimeOffset at, string manifestSha256) =>
        $"{method}-{at.UtcDateTime:yyyyMMddHHmmss}-{manifestSha256[..8]}";

    /// <summary>Stores a finished run and its audit row in one transaction; returns the audit sequence.</summary>
    public static async Task<long> StoreAsync(IHavenStore store, TimeProvider time, string actor, AssessmentRun run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        var (_, sequence) = await Audited.WriteAsync(store, time, actor, "assess", run.Id, async () =>
        {
            await store.SaveAssessmentAsync(run, cancellationToken);
            return new AuditedWrite<bool>(true, null, AssessmentWriter.AreasCsv(run.Result.Areas), $"{run.Method} assessment of {run.Result.Dates.Count} date(s) stored");
        }, cancellationToken);
        return sequence;
    }

    private static Outcome<BuildingInput> StoredBuildings(IReadOnlyList<Building> buildings, int epsg)
    {
        var project = Wgs84To.Crs(epsg, "stored buildings");
        if (!project.Succeeded)
        {
            return project.Problem!;
        }

        var footprints = buildings.Select(b => new Footprint(b.Id, project.Value(b.Footprint), b.AreaM2)).ToList();
        // The store keeps ids as text; those that are plain integers were numbers when imported.
        return new BuildingInput(footprints, buildings.ToDictionary(b => b.Id, b => b.Footprint, StringComparer.Ordinal), buildings.All(b => BuildingIds.IsPlainInteger(b.Id)));
    }

    private static Outcome<IReadOnlyList<AssessmentArea>> StoredAreas(IReadOnlyList<Area> areas, int epsg)
    {
        var project = Wgs84To.Crs(epsg, "stored areas");
        return project.Succeeded
            ? areas.Select(a => new AssessmentArea(a.Pcode, a.NameEn, project.Value(a.Boundary))).ToList()
            : project.Problem!;
    }

    /// <summary>A stored layer as an input: the size and SHA-256 of its geometries' WKB, in order.</summary>
    private static InputFile StoredInput(string role, IEnumerable<Geometry> geometries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var writer = new WKBWriter();
        long bytes = 0;
        foreach (var g in geometries)
        {
            byte[] wkb = writer.Write(g);
            hash.AppendData(wkb);
            bytes += wkb.Length;
        }

        return new InputFile(role, $"store:{role}", bytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>True when the stack belongs to a synthetic scenario folder (a scenario.json that says so beside it or above it).</summary>
    private static bool IsSynthetic(string manifest)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(manifest));
        for (int i = 0; i < 2 && dir is not null; i++, dir = Path.GetDirectoryName(dir))
        {
            if (ScenarioReader.IsScenarioFolder(dir))
            {
                var info = ScenarioReader.ReadInfo(dir);
                return info.Succeeded && info.Value.Synthetic;
            }
        }

        return false;
    }
}
