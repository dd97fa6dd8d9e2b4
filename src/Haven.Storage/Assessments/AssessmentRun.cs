using System.Security.Cryptography;
using Haven.Damage.Assessment;
using NetTopologySuite.Geometries;

namespace Haven.Storage.Assessments;

/// <summary>An input file of an assessment and its SHA-256, so a result can be traced to exactly what made it.</summary>
public sealed record InputFile(string Role, string Path, long Bytes, string Sha256)
{
    public static InputFile Hash(string role, string path)
    {
        if (Haven.Geo.IO.HttpRangeStream.IsUrl(path))
        {
            return Remote(role, path);
        }

        // A layer named QGIS-style (file.gpkg|layername=NAME) is the file's; a folder (of Shapefiles) is its files,
        // each hashed, the digest taken over their names and digests in order.
        var (file, layer) = Haven.Geo.Vector.VectorReader.Split(path);
        string recorded = System.IO.Path.GetFullPath(file) + (layer is null ? string.Empty : "|layername=" + layer);
        if (!Directory.Exists(file))
        {
            return new(role, recorded, new FileInfo(file).Length, Sha256Of(file));
        }

        var members = new DirectoryInfo(file).EnumerateFiles().OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var listing = new System.Text.StringBuilder();
        foreach (var member in members)
        {
            listing.Append(member.Name).Append('\t').Append(Sha256Of(member.FullName)).Append('\n');
        }

        return new(role, recorded, members.Sum(m => m.Length), Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(listing.ToString()))));
    }

    /// <summary>
    /// A file served over HTTP(S), which is not read whole to be identified: its SHA-256 here is that of its address,
    /// size and entity tag as the server gives them (object stores change the tag when the content changes).
    /// </summary>
    private static InputFile Remote(string role, string url)
    {
        using var stream = Haven.Geo.IO.HttpRangeStream.Open(new Uri(url), Haven.Geo.IO.RemoteFiles.Client, Haven.Geo.IO.RemoteFiles.Options) is { Succeeded: true } opened
            ? opened.Value
            : throw new IOException($"{url}: could not be read to identify it.");
        string identity = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{url}\n{stream.Length}\n{stream.ETag}");
        return new(role, url, stream.Length, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(identity))));
    }

    /// <summary>Several files hashed in parallel (each file read once, in order on its own thread), returned in the order given.</summary>
    public static IReadOnlyList<InputFile> HashAll(IReadOnlyList<(string Role, string Path)> files, IProgress<Haven.Geo.WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        var hashed = new InputFile[files.Count];
        int done = 0;
        Parallel.For(0, files.Count, i =>
        {
            hashed[i] = Hash(files[i].Role, files[i].Path);
            progress?.Report(new Haven.Geo.WorkProgress("hash inputs", Interlocked.Increment(ref done), files.Count));
        });
        return hashed;
    }

    /// <summary>
    /// A file's SHA-256 as lower-case hex: the one way Haven hashes an input (a manifest's hash also names its run).
    /// A file unchanged since it was last hashed is not read again (<see cref="DigestCache"/>).
    /// </summary>
    public static string Sha256Of(string path) => DigestCache.Default?.Sha256Of(path) ?? Compute(path);

    /// <summary>A file's SHA-256, read whole.</summary>
    internal static string Compute(string path)
    {
        // Read in 1 MiB pieces: the stream overload reads 4 KiB at a time, a system call and a digest update each,
        // which made hashing a stack of images cost more than filtering it.
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(HashBlockBytes);
        try
        {
            long offset = 0;
            int read;
            while ((read = RandomAccess.Read(file, buffer.AsSpan(0, HashBlockBytes), offset)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                offset += read;
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private const int HashBlockBytes = 1 << 20;
}

/// <summary>A finished assessment with what is needed to write and store it.</summary>
public sealed record AssessmentRun(
    string Id,
    DateTimeOffset CreatedAt,
    string Method,
    DateOnly EventDate,
    double Threshold,
    IReadOnlyDictionary<string, object> Parameters,
    IReadOnlyList<InputFile> Inputs,
    AssessmentResult Result,
    IReadOnlyDictionary<string, Geometry> FootprintsWgs84,
    IReadOnlyDictionary<string, double> StageSeconds,
    bool Synthetic = false,
    Damage.Stacks.AlignedStack? Alignment = null)
{
    /// <summary>Whether the buildings' ids were given as numbers (and are written back as numbers); else strings.</summary>
    public bool IdsAreNumbers { get; init; }
}

/// <summary>The parameters of each method, by name, as summary.json records them.</summary>
public static class MethodParameters
{
    public static IReadOnlyDictionary<string, object> Of(Damage.Pwtt.PwttOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["lee_window"] = o.LeeWindow,
            ["lee_looks"] = o.LeeLooks,
            ["lee_eta"] = o.LeeEta,
            ["pre_window_months"] = o.PreWindowMonths,
            ["post_window_months"] = o.PostWindowMonths,
            ["min_pre_values"] = o.MinPreValues,
            ["min_post_values"] = o.MinPostValues,
            ["median_radius_m"] = o.MedianRadiusMetres,
            ["convolution_radii_m"] = o.ConvolutionRadiiMetres,
            ["damage_threshold"] = o.DamageThreshold,
            ["small_footprint_m2"] = o.SmallFootprintM2,
            ["label_match_distance_m"] = Damage.Validation.ReferenceLabels.MatchDistanceMetres,
        };
    }

    public static IReadOnlyDictionary<string, object> Of(Damage.Ccd.CcdOptions o, double smallFootprintM2)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["coherence_window"] = o.Window,
            ["damage_threshold"] = o.DamageThreshold,
            ["small_footprint_m2"] = smallFootprintM2,
            ["label_match_distance_m"] = Damage.Validation.ReferenceLabels.MatchDistanceMetres,
        };
    }
}
