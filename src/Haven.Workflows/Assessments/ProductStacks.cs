using System.Globalization;
using Haven.Damage.Stacks;
using Haven.Damage.Stacks.Products;
using Haven.Geo;
using Haven.Storage.Assessments;
using NetTopologySuite.Geometries;

namespace Haven.Workflows.Assessments;

/// <summary>
/// A folder of Sentinel-1 products made into a stack on one grid: recognise the products, take the area of
/// interest (a polygon file, else the buildings), choose the grid, and align (from the cache when it holds the
/// same inputs). The command line's <c>stack build</c> and <c>assess --stack FOLDER</c> share it.
/// </summary>
public static class ProductStacks
{
    /// <summary>Where aligned stacks are kept between runs: <c>$XDG_CACHE_HOME/haven/aligned</c>, else <c>~/.cache/haven/aligned</c>.</summary>
    public static string DefaultCache() => Path.Combine(Haven.Geo.IO.CacheFolders.Root(), "aligned");

    /// <summary>The WGS 84 envelope of a GeoJSON file's polygons (an area of interest), or a problem naming the file.</summary>
    public static Outcome<Envelope> AreaOfInterest(string path)
    {
        var read = AssessmentInputs.ReadPolygons(path);
        if (!read.Succeeded)
        {
            return read.Problem!;
        }

        var envelope = AssessmentInputs.Extent(read.Value);
        return envelope.IsNull ? Outcome<Envelope>.Failure("aoi.empty", $"{path}: no polygon to take an area of interest from.") : envelope;
    }

    /// <summary>
    /// Recognises and aligns the products of <paramref name="folder"/> over <paramref name="aoi"/> (WGS 84). With
    /// <paramref name="output"/> the stack is written there; otherwise it comes from (or goes into) the cache.
    /// The digests of the products are returned with it, so a run records exactly which files it read.
    /// </summary>
    public static Outcome<(AlignedStack Stack, IReadOnlyList<InputFile> Products)> Build(string folder, Envelope aoi, AlignmentOptions options,
        string? output, string? cache, IProgress<WorkProgress>? progress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(aoi);
        if (options.Validate() is string bad)
        {
            return Outcome<(AlignedStack, IReadOnlyList<InputFile>)>.Failure("stack.options", bad);
        }

        progress?.Report(new WorkProgress("recognise", 0, 1));
        var scan = ProductFolder.Scan(folder);
        if (!scan.Succeeded)
        {
            return scan.Problem!;
        }

        var (inputs, skipped) = StackAlignment.Inspect(scan.Value);
        if (inputs.Count == 0)
        {
            return Outcome<(AlignedStack, IReadOnlyList<InputFile>)>.Failure("stack.no_images",
                $"{folder}: no usable Sentinel-1 image; {skipped.Count} file(s) skipped:" + Environment.NewLine
                + string.Join(Environment.NewLine, skipped.Take(10).Select(s => $"  {Path.GetRelativePath(folder, s.Path)}: {s.Reason}"))
                + (skipped.Count > 10 ? $"{Environment.NewLine}  ... and {skipped.Count - 10} more" : string.Empty));
        }

        progress?.Report(new WorkProgress("recognise", 1, 1));
        var grid = StackAlignment.GridFor((aoi.MinX, aoi.MinY, aoi.MaxX, aoi.MaxY), inputs, options);
        if (!grid.Succeeded)
        {
            return grid.Problem!;
        }

        // The masks are inputs too: a run records them, and a changed mask makes a new aligned stack.
        var digests = InputFile.HashAll([.. inputs.SelectMany(i => Files(i.Product))], progress);

        var scanned = scan.Value with { Skipped = skipped };
        var aligned = output is not null
            ? StackAlignment.Write(scanned, inputs, grid.Value, output, options, progress)
            : StackAlignment.Cached(scanned, inputs, grid.Value, cache ?? DefaultCache(), options, digests.ToDictionary(d => d.Path, d => d.Sha256), progress);
        return aligned.Succeeded ? (aligned.Value, digests) : aligned.Problem!;
    }

    /// <summary>A product's files as inputs of a run: its image, and its layover/shadow mask when it has one.</summary>
    private static IEnumerable<(string Role, string Path)> Files(RadarProduct p)
    {
        string what = string.Create(CultureInfo.InvariantCulture, $"{p.Date:yyyy-MM-dd} {p.Polarisation} track {p.Track}");
        yield return ($"{p.Kind} image {what}{(p.Scale == RadarScale.Linear ? string.Empty : " (" + RadarValues.Name(p.Scale) + ")")}", p.Path);
        if (p.Mask is { } mask)
        {
            yield return ($"{p.Kind} layover/shadow mask of {what}", mask.Path);
        }
    }
}
