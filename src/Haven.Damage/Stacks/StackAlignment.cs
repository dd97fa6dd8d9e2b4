using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Haven.Damage.Stacks.Products;
using Haven.Geo;
using Haven.Geo.Crs;
using Haven.Geo.GeoTiff;
using Haven.Geo.IO;
using Haven.Geo.Rasters;
using Haven.Geo.Rasters.Warping;

namespace Haven.Damage.Stacks;

/// <summary>How a folder of products is put on one analysis grid.</summary>
public sealed record AlignmentOptions
{
    /// <summary>The grid's CRS; by default the WGS 84 UTM zone of the area of interest's centre.</summary>
    public int? Epsg { get; init; }

    /// <summary>Cell size in metres; by default the finest input's.</summary>
    public double? Resolution { get; init; }

    /// <summary>Added around the area of interest, in metres: PWTT's widest kernel (150 m) and the Lee window need cells beyond the buildings.</summary>
    public double MarginMetres { get; init; } = 300;

    /// <summary>A date (per track and polarisation) covering less of the grid than this share is dropped with a warning.</summary>
    public double MinCoverage { get; init; } = 0.2;

    /// <summary>Target cells per source cell above which the target is "coarser" and cells are averaged instead of interpolated.</summary>
    public const double AverageAbove = 1.25;

    public static AlignmentOptions Default { get; } = new();

    public string? Validate()
    {
        if (Epsg is int e && !Geo.Crs.Epsg.IsUtm(e))
        {
            return $"--crs EPSG:{e}: the analysis grid must be in a WGS 84 UTM zone (EPSG:326xx or 327xx), so that its cells are square metres.";
        }

        if (Resolution is double r && (!double.IsFinite(r) || r <= 0 || r > 1000))
        {
            return $"--resolution {r}: expected a cell size in metres, above 0 and at most 1000.";
        }

        if (!double.IsFinite(MarginMetres) || MarginMetres < 0)
        {
            return $"margin {MarginMetres}: expected metres, 0 or more.";
        }

        return MinCoverage is >= 0 and <= 1 ? null : $"--min-coverage {MinCoverage}: expected a share between 0 and 1.";
    }
}

/// <summary>
/// One aligned image: the products of one date, track and polarisation mosaicked onto the grid. <see cref="Masked"/> is,
/// when the products came with layover/shadow masks, the share of their cells read for the grid that had a value and
/// that the masks cleared; null when no mask was applied.
/// </summary>
public sealed record AlignedImage(DateOnly Date, int Track, Polarisation Polarisation, string? File, IReadOnlyList<string> Sources, double Coverage, Resampling Resampling, bool Dropped,
    double? Masked = null);

/// <summary>A folder's products on one grid: a manifest of aligned images, what each covers, and what was left out.</summary>
public sealed record AlignedStack(string Folder, string Manifest, RasterGrid Grid, IReadOnlyList<AlignedImage> Images, IReadOnlyList<SkippedFile> Skipped, IReadOnlyList<string> Notes, bool FromCache = false)
{
    public IEnumerable<string> Warnings => Images.Where(i => i.Dropped).Select(i => string.Create(CultureInfo.InvariantCulture,
        $"{i.Date:yyyy-MM-dd} track {i.Track} {i.Polarisation}: covers {i.Coverage * 100:F0}% of the grid, under the floor; left out"));
}

/// <summary>
/// Puts recognised products (<see cref="ProductFolder"/>) on one analysis grid that follows the area of interest:
/// its UTM zone, the finest input cell size, snapped to whole cells. Products of one date, track and polarisation
/// (bursts, frames) are mosaicked; other CRSs and zones are reprojected (ProjNET); cells are interpolated bilinearly
/// when sizes match and averaged when the grid is coarser; every value becomes linear power with nodata NaN.
/// The result is a folder of tiled Float32 GeoTIFFs, a <c>stack.csv</c> manifest and <c>alignment.json</c>.
/// </summary>
public static class StackAlignment
{
    public const string ManifestName = "stack.csv";
    public const string RecordName = "alignment.json";
    private const string Version = "align-1";

    /// <summary>The grid for an area of interest (a WGS 84 envelope: minimum and maximum longitude and latitude) and the products' cell sizes.</summary>
    public static Outcome<RasterGrid> GridFor((double MinX, double MinY, double MaxX, double MaxY) aoi, IReadOnlyList<(RadarProduct Product, GeoTiffInfo Info)> inputs, AlignmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        double lon = (aoi.MinX + aoi.MaxX) / 2, lat = (aoi.MinY + aoi.MaxY) / 2;
        int epsg = options.Epsg ?? Epsg.UtmZoneFor(lon, lat);
        double resolution = options.Resolution ?? inputs.Min(i => CellMetres(i.Info.Grid, lat));
        var toGrid = CrsTransform.Between(Epsg.Wgs84, epsg, "area of interest");
        if (!toGrid.Succeeded)
        {
            return toGrid.Problem!;
        }

        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (int i = 0; i <= 16; i++)
        {
            for (int j = 0; j <= 16; j++)
            {
                var (x, y) = toGrid.Value.Apply(aoi.MinX + (aoi.MaxX - aoi.MinX) * i / 16, aoi.MinY + (aoi.MaxY - aoi.MinY) * j / 16);
                (minX, minY, maxX, maxY) = (Math.Min(minX, x), Math.Min(minY, y), Math.Max(maxX, x), Math.Max(maxY, y));
            }
        }

        double m = options.MarginMetres;
        minX = Math.Floor((minX - m) / resolution) * resolution;
        minY = Math.Floor((minY - m) / resolution) * resolution;
        maxX = Math.Ceiling((maxX + m) / resolution) * resolution;
        maxY = Math.Ceiling((maxY + m) / resolution) * resolution;
        long cells = (long)Math.Round((maxX - minX) / resolution) * (long)Math.Round((maxY - minY) / resolution);
        if (cells > RasterLimits.Current.MaxCells || RasterLimits.Current.CheckAnalysis("the analysis grid", cells, 1) is not null)
        {
            return Outcome<RasterGrid>.Failure("stack.grid_too_large", string.Create(CultureInfo.InvariantCulture,
                $"the area of interest at {resolution} m cells needs {cells:N0} cells per image, over the limit of {RasterLimits.Current.MaxCells:N0}; give a smaller area (--aoi) or a coarser --resolution."));
        }

        return RasterGrid.Covering(minX, minY, maxX, maxY, resolution, epsg);
    }

    /// <summary>Opens every product's header; unreadable files, complex cells and CRSs Haven cannot reproject are skipped with the reason.</summary>
    public static (List<(RadarProduct Product, GeoTiffInfo Info)> Inputs, List<SkippedFile> Skipped) Inspect(ProductScan scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var inputs = new List<(RadarProduct, GeoTiffInfo)>();
        var skipped = new List<SkippedFile>(scan.Skipped);
        foreach (var p in scan.Products)
        {
            var open = GeoTiffFile.Open(p.Path);
            if (!open.Succeeded)
            {
                skipped.Add(new SkippedFile(p.Path, open.Problem!.Message));
                continue;
            }

            using var file = open.Value;
            var info = file.Info;
            string? reason = info.DataType.IsComplex() ? "complex cells; PWTT needs backscatter intensity"
                : !CrsTransform.Supports(info.Grid.Epsg) ? $"EPSG:{info.Grid.Epsg} is not a CRS Haven reprojects (WGS 84 or a WGS 84 UTM zone)"
                : !info.Grid.Transform.IsNorthUp ? "a rotated grid; expected north-up"
                : p.Mask is { } mask ? MaskProblem(mask.Path, info.Grid)
                : null;
            if (reason is null)
            {
                inputs.Add((p, info));
            }
            else
            {
                skipped.Add(new SkippedFile(p.Path, reason));
            }
        }

        skipped.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return (inputs, skipped);
    }

    /// <summary>Why a product's layover/shadow mask cannot be applied to it (unreadable, or not on the image's grid), or null.</summary>
    private static string? MaskProblem(string mask, RasterGrid image)
    {
        var open = GeoTiffFile.Open(mask);
        if (!open.Succeeded)
        {
            return $"its layover/shadow mask {Path.GetFileName(mask)} cannot be read ({open.Problem!.Message})";
        }

        using var file = open.Value;
        var g = file.Info.Grid;
        return g.Width == image.Width && g.Height == image.Height && g.Epsg == image.Epsg && g.Transform == image.Transform ? null
            : $"its layover/shadow mask {Path.GetFileName(mask)} is not on the image's grid ({Describe(g)}; expected {Describe(image)}), so it cannot say which cells to leave out";
    }

    /// <summary>
    /// The aligned stack for these inputs and grid from the cache under <paramref name="cacheRoot"/>, made there first
    /// when missing. The cache key is the inputs' SHA-256 digests with what was recognised of each, the grid and the options.
    /// </summary>
    public static Outcome<AlignedStack> Cached(ProductScan scan, RasterGrid grid, string cacheRoot, AlignmentOptions options,
        IReadOnlyDictionary<string, string> sha256ByPath, IProgress<WorkProgress>? progress = null)
    {
        var (inputs, skipped) = Inspect(scan);
        return Cached(scan with { Skipped = skipped }, inputs, grid, cacheRoot, options, sha256ByPath, progress);
    }

    /// <summary>As above, for inputs already opened by <see cref="Inspect"/> (whose skipped files <paramref name="scan"/> holds).</summary>
    public static Outcome<AlignedStack> Cached(ProductScan scan, IReadOnlyList<(RadarProduct Product, GeoTiffInfo Info)> inputs, RasterGrid grid, string cacheRoot,
        AlignmentOptions options, IReadOnlyDictionary<string, string> sha256ByPath, IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(sha256ByPath);
        var key = new StringBuilder(Version).Append('\n').Append(Describe(grid)).Append('\n')
            .Append(options.MinCoverage.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        foreach (var (p, _) in inputs.OrderBy(i => i.Product.Path, StringComparer.Ordinal))
        {
            key.Append(sha256ByPath[p.Path]).Append(' ').Append(p.Date.ToString("O", CultureInfo.InvariantCulture)).Append(' ')
                .Append(p.Track).Append(' ').Append(p.Polarisation).Append(' ').Append(p.Scale);
            if (p.Mask is { } mask)
            {
                key.Append(" mask ").Append(mask.Coding).Append(' ').Append(sha256ByPath[mask.Path]);
            }

            key.Append('\n');
        }

        string folder = Path.Combine(cacheRoot, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.ToString())))[..24]);
        if (File.Exists(Path.Combine(folder, RecordName)) && File.Exists(Path.Combine(folder, ManifestName)))
        {
            var images = JsonSerializer.Deserialize<Record>(File.ReadAllText(Path.Combine(folder, RecordName)), Json)!.Images;
            return new AlignedStack(folder, Path.Combine(folder, ManifestName), grid, images, scan.Skipped, Notes(scan, inputs), FromCache: true);
        }

        Directory.CreateDirectory(cacheRoot);
        return Write(scan, inputs, grid, folder, options, progress);
    }

    /// <summary>Aligns the products onto <paramref name="grid"/> and writes the folder whole (or nothing, on failure).</summary>
    public static Outcome<AlignedStack> Write(ProductScan scan, RasterGrid grid, string folder, AlignmentOptions options, IProgress<WorkProgress>? progress = null)
    {
        var (inputs, skipped) = Inspect(scan);
        return Write(scan with { Skipped = skipped }, inputs, grid, folder, options, progress);
    }

    /// <summary>As above, for inputs already opened by <see cref="Inspect"/> (whose skipped files <paramref name="scan"/> holds).</summary>
    public static Outcome<AlignedStack> Write(ProductScan scan, IReadOnlyList<(RadarProduct Product, GeoTiffInfo Info)> inputs, RasterGrid grid, string folder,
        AlignmentOptions options, IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            return Outcome<AlignedStack>.Failure("stack.no_images", $"{folder}: no usable Sentinel-1 image was found ({scan.Skipped.Count} file(s) skipped).");
        }

        var groups = inputs.GroupBy(i => (i.Product.Date, i.Product.Track, i.Product.Polarisation))
            .OrderBy(g => g.Key.Date).ThenBy(g => g.Key.Track).ThenBy(g => g.Key.Polarisation).ToList();
        var images = new AlignedImage?[groups.Count];
        Problem? failure = null;
        int done = 0;
        progress?.Report(new WorkProgress("align", 0, groups.Count));
        try
        {
            AtomicDirectory.Write(folder, dir => File.Exists(Path.Combine(dir, RecordName)), temp =>
            {
                Parallel.For(0, groups.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (g, state) =>
                {
                    var result = AlignGroup(groups[g].OrderBy(i => i.Product.Acquired).ThenBy(i => i.Product.Path, StringComparer.Ordinal).ToList(),
                        grid, temp, options);
                    if (!result.Succeeded)
                    {
                        failure ??= result.Problem;
                        state.Stop();
                        return;
                    }

                    images[g] = result.Value;
                    progress?.Report(new WorkProgress("align", Interlocked.Increment(ref done), groups.Count));
                });
                if (failure is not null)
                {
                    throw new AlignmentFailed(failure);
                }

                var kept = images.Select(i => i!).Where(i => !i.Dropped).ToList();
                if (kept.Count == 0)
                {
                    // A stack with no image is no stack: say so, and write nothing.
                    var best = images.Select(i => i!).MaxBy(i => i.Coverage)!;
                    throw new AlignmentFailed(new Problem("stack.under_coverage_floor", string.Create(CultureInfo.InvariantCulture,
                        $"{folder}: every aligned image covers less of the grid than the coverage floor ({options.MinCoverage:P0}); the most, {best.Date:yyyy-MM-dd} track {best.Track} {best.Polarisation}, covers {best.Coverage:P1}. Narrow the area to where the images have data (--aoi), or lower --min-coverage.")));
                }

                File.WriteAllText(Path.Combine(temp, ManifestName),
                    StackManifest.Format(kept.Select(i => new StackEntry(i.File!, i.Date, i.Track, i.Polarisation))));
                File.WriteAllText(Path.Combine(temp, RecordName), JsonSerializer.Serialize(new Record(Describe(grid), [.. images.Select(i => i!)]), Json));
            });
        }
        catch (AlignmentFailed ex)
        {
            return ex.Problem;
        }

        return new AlignedStack(folder, Path.Combine(folder, ManifestName), grid, [.. images.Select(i => i!)], scan.Skipped, Notes(scan, inputs));
    }

    /// <summary>Mosaics one date, track and polarisation onto the grid; later acquisitions over earlier ones where both have values.</summary>
    private static Outcome<AlignedImage> AlignGroup(List<(RadarProduct Product, GeoTiffInfo Info)> group, RasterGrid grid, string folder, AlignmentOptions options)
    {
        var first = group[0].Product;
        var mosaic = new float[grid.CellCount];
        Array.Fill(mosaic, float.NaN);
        var method = Resampling.Bilinear;
        long read = 0, cleared = 0;
        bool masked = false;
        var transforms = new Dictionary<int, Outcome<CrsTransform>>();
        foreach (var (product, info) in group)
        {
            // One transform per source CRS: the bursts of a pass share one.
            if (!transforms.TryGetValue(info.Grid.Epsg, out var transform))
            {
                transforms[info.Grid.Epsg] = transform = CrsTransform.Between(grid.Epsg, info.Grid.Epsg, product.Path);
            }

            if (!transform.Succeeded)
            {
                return transform.Problem!;
            }

            if (Warp.SourceWindow(grid, info.Grid, transform.Value) is not RasterWindow window)
            {
                continue;
            }

            var (sc, sr) = Warp.Scale(grid, info.Grid, transform.Value);
            var resampling = Math.Max(sc, sr) > AlignmentOptions.AverageAbove ? Resampling.Average : Resampling.Bilinear;
            method = resampling;
            var open = GeoTiffFile.Open(product.Path);
            if (!open.Succeeded)
            {
                return open.Problem!;
            }

            using var file = open.Value;
            var values = new float[window.CellCount];
            if (file.ReadWindow(1, window, values) is { } problem)
            {
                return problem; // it names the file and the block
            }

            RadarValues.ToLinear(values, product.Scale, info.NoData);
            if (product.Mask is { } mask)
            {
                var flags = ReadMask(mask.Path, window);
                if (!flags.Succeeded)
                {
                    return flags.Problem!;
                }

                read += values.Count(v => !float.IsNaN(v));
                cleared += RadarValues.ApplyLayoverShadowMask(values, flags.Value, mask.Coding);
                masked = true;
            }

            Warp.Into(mosaic, grid, values, window, info.Grid, transform.Value, resampling);
        }

        long valid = 0;
        foreach (float v in mosaic)
        {
            if (!float.IsNaN(v))
            {
                valid++;
            }
        }

        double coverage = (double)valid / grid.CellCount;
        bool dropped = coverage < options.MinCoverage || valid == 0;
        string? name = null;
        if (!dropped)
        {
            name = string.Create(CultureInfo.InvariantCulture, $"{first.Date:yyyyMMdd}_T{first.Track:000}_{first.Polarisation}.tif");
            GeoTiffWriter.Write(Path.Combine(folder, name), grid, [mosaic], double.NaN,
                new GeoTiffWriteOptions { Compression = GeoTiffCompression.None, TileSize = 256 });
        }

        return new AlignedImage(first.Date, first.Track, first.Polarisation, name, [.. group.Select(i => i.Product.Path)], coverage, method, dropped,
            masked ? (read == 0 ? 0 : (double)cleared / read) : null);
    }

    /// <summary>The scan's notes, and what the masks of the images aligned did.</summary>
    private static IReadOnlyList<string> Notes(ProductScan scan, IEnumerable<(RadarProduct Product, GeoTiffInfo Info)> inputs) =>
        ProductFolder.MaskNote(inputs.Select(i => i.Product)) is { } masks ? [.. scan.Notes, masks] : scan.Notes;

    private static Outcome<float[]> ReadMask(string path, RasterWindow window)
    {
        var open = GeoTiffFile.Open(path);
        if (!open.Succeeded)
        {
            return open.Problem!;
        }

        using var file = open.Value;
        return file.ReadWindow<float>(1, window);
    }

    /// <summary>A cell edge in metres: the grid's own unit for projected CRSs, degrees of longitude at a latitude for WGS 84.</summary>
    private static double CellMetres(RasterGrid g, double latitude) => g.Epsg == Epsg.Wgs84
        ? Math.Abs(g.Transform.PixelWidth) * 111_320 * Math.Cos(latitude * Math.PI / 180)
        : Math.Abs(g.Transform.PixelWidth);

    private static string Describe(RasterGrid g) => string.Create(CultureInfo.InvariantCulture,
        $"EPSG:{g.Epsg} {g.Width}x{g.Height} origin {g.Transform.OriginX:R},{g.Transform.OriginY:R} cell {g.Transform.PixelWidth:R}");

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private sealed record Record(string Grid, List<AlignedImage> Images);

    private sealed class AlignmentFailed(Problem problem) : IOException(problem.Message)
    {
        public Problem Problem { get; } = problem;
    }
}
