using System.Globalization;
using Haven.Geo;

namespace Haven.Damage.Stacks.Products;

/// <summary>
/// Finds the Sentinel-1 backscatter images in a folder as products are downloaded: OPERA RTC-S1, HyP3 RTC and
/// pyroSAR's GAMMA or SNAP output by name, RTC COGs through the STAC item JSON beside them, and any GeoTIFF a stack manifest (CSV) in the
/// folder lists, whose row (with its <c>scale</c>) overrides the rest. Every other file is listed with the
/// reason it is not used. Links and hidden entries are not followed.
/// </summary>
public static class ProductFolder
{
    /// <summary>Acquisitions of one track pass within minutes of the same time of day; groups are split at larger gaps.</summary>
    public static readonly TimeSpan TimeOfDayTolerance = TimeSpan.FromMinutes(10);

    /// <summary>Track numbers given to time-of-day groups start here, clear of relative orbits (1-175).</summary>
    public const int TimeOfDayTrackBase = 10000;

    public static Outcome<ProductScan> Scan(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return Outcome<ProductScan>.Failure("stack.not_found", $"{folder}: folder not found.");
        }

        string root = Path.GetFullPath(folder);
        var files = Directory.EnumerateFiles(root, "*", new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden | FileAttributes.System,
            IgnoreInaccessible = true,
        }).Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
          .Order(StringComparer.Ordinal).ToList();

        var claimed = new Dictionary<string, RadarProduct>(StringComparer.Ordinal);
        var skipped = new List<SkippedFile>();
        var notes = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);

        // Manifest rows first: they override what a name or an item says.
        foreach (string csv in files.Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)))
        {
            // Only a CSV that starts as a manifest is read whole; other tables in the folder are left alone, however large.
            if (!StartsAsManifest(csv))
            {
                continue;
            }

            var text = Haven.Geo.Text.TextFiles.ReadUtf8(csv);
            if (!text.Succeeded)
            {
                return text.Problem!;
            }

            var entries = StackManifest.Parse(text.Value, csv);
            if (!entries.Succeeded)
            {
                return entries.Problem!;
            }

            used.Add(csv);
            foreach (var e in entries.Value)
            {
                string path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(csv)!, e.Path));
                if (Path.IsPathRooted(e.Path) || !Haven.Geo.IO.ConfinedPath.IsInside(root, path))
                {
                    return Outcome<ProductScan>.Failure("stack.outside", $"{csv}: image {e.Path} is not inside {root}; name images relative to the manifest, within the folder.");
                }

                claimed.TryAdd(path, new RadarProduct(path, "manifest", new DateTimeOffset(e.Date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                    e.Polarisation, e.Scale, e.Orbit, $"manifest {Path.GetFileName(csv)}"));
            }
        }

        foreach (string json in files.Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
        {
            if (StacItem.Read(json) is not { } item)
            {
                continue;
            }

            used.Add(json);
            foreach (var p in item.Products)
            {
                claimed.TryAdd(p.Path, p);
            }

            skipped.AddRange(item.Skipped.Where(s => !claimed.ContainsKey(s.Path)));
        }

        var skippedByItem = skipped.Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
        var present = files.ToHashSet(StringComparer.Ordinal);
        var products = new List<RadarProduct>();
        var hyp3 = new List<(RadarProduct Product, string Id)>();
        var noOrbit = new List<RadarProduct>();
        foreach (string file in files.Where(IsTiff))
        {
            if (claimed.TryGetValue(file, out var known))
            {
                products.Add(known);
                continue;
            }

            if (skippedByItem.Contains(file))
            {
                continue;
            }

            var (opera, operaSkip) = ProductNames.ParseOpera(file);
            var (h, hyp3Skip, id) = opera is null && operaSkip is null ? ProductNames.ParseHyp3(file) : (null, null, null);
            var (pyro, pyroSkip) = opera is null && operaSkip is null && h is null && hyp3Skip is null ? ProductNames.ParsePyroSar(file) : (null, null);
            if (opera is not null)
            {
                // The product's layover/shadow mask, when downloaded with it, goes with the image.
                string mask = Path.Combine(Path.GetDirectoryName(file)!, ProductNames.OperaMaskName(file)!);
                products.Add(present.Contains(mask) ? opera with { Mask = new LayoverShadowMask(mask, MaskCoding.Opera) } : opera);
            }
            else if (h is not null)
            {
                string map = Path.Combine(Path.GetDirectoryName(file)!, id + ProductNames.Hyp3MaskSuffix);
                hyp3.Add((present.Contains(map) ? h with { Mask = new LayoverShadowMask(map, MaskCoding.Gamma) } : h, id!));
            }
            else if (pyro is not null)
            {
                noOrbit.Add(pyro);
            }
            else
            {
                skipped.Add(new SkippedFile(file, operaSkip ?? hyp3Skip ?? pyroSkip
                    ?? "GeoTIFF whose name is not that of an OPERA RTC-S1, HyP3 RTC or pyroSAR product and that no STAC item or stack manifest in the folder describes; list it in a manifest (path,date,orbit,polarisation[,scale])"));
            }
        }

        products.AddRange(Hyp3Tracks(hyp3, files, used, noOrbit));
        products.AddRange(TimeOfDayTracks(noOrbit, notes));
        foreach (string file in files.Where(f => !IsTiff(f) && !used.Contains(f)))
        {
            skipped.Add(new SkippedFile(file, IsArchive(file)
                ? "an archive (HyP3 and ASF deliver products zipped); unzip it into the folder so that its images can be read"
                : "not a GeoTIFF image (metadata, browse image or other file)"));
        }

        // Masks that go with an image are used, not skipped.
        var masks = products.Where(p => p.Mask is not null).Select(p => p.Mask!.Path).ToHashSet(StringComparer.Ordinal);
        skipped.RemoveAll(s => masks.Contains(s.Path));

        var kept = new List<RadarProduct>();
        var seen = new Dictionary<(string Kind, string? Burst, DateTimeOffset Acquired, Polarisation Pol, int Track), string>();
        foreach (var p in products.OrderBy(p => p.Path, StringComparer.Ordinal))
        {
            var key = (p.Kind, p.Burst, p.Acquired, p.Polarisation, p.Track);
            if (p.Kind != "manifest" && seen.TryGetValue(key, out string? first))
            {
                skipped.Add(new SkippedFile(p.Path, $"the same acquisition as {Path.GetRelativePath(root, first)} ({p.Acquired:yyyy-MM-dd HH:mm:ss} UTC, {p.Polarisation}{(p.Burst is null ? string.Empty : ", burst " + p.Burst)}); the first is used"));
                continue;
            }

            seen[key] = p.Path;
            kept.Add(p);
        }

        skipped.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new ProductScan(kept, skipped, notes);
    }

    /// <summary>
    /// What the layover/shadow masks did, counted over the images that are aligned (not those skipped later, for a
    /// duplicate, an unreadable header or a mask on another grid), or null when none of them had a mask.
    /// </summary>
    public static string? MaskNote(IEnumerable<RadarProduct> aligned)
    {
        ArgumentNullException.ThrowIfNull(aligned);
        var kinds = aligned.Where(p => p.Mask is not null).GroupBy(p => p.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}").ToList();
        return kinds.Count == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"{string.Join(" and ", kinds)} image(s) came with their product's layover/shadow mask: the cells it flags (shadow, layover, or invalid) are left without data, so nothing there is assessed from those images.");
    }

    /// <summary>
    /// HyP3 names carry no relative orbit. It is taken from a metadata file of the product (a README or log whose
    /// name starts with the product name and that quotes the source granule); a product without one joins
    /// <paramref name="noOrbit"/>.
    /// </summary>
    private static IEnumerable<RadarProduct> Hyp3Tracks(List<(RadarProduct Product, string Id)> hyp3, List<string> files, HashSet<string> used, List<RadarProduct> noOrbit)
    {
        foreach (var (product, name) in hyp3)
        {
            string folder = Path.GetDirectoryName(product.Path)!;
            int? track = null;
            string? source = null;
            foreach (string meta in files.Where(f => Path.GetDirectoryName(f) == folder && !IsTiff(f)
                && Path.GetFileName(f).StartsWith(name, StringComparison.OrdinalIgnoreCase) && new FileInfo(f).Length < 4 << 20))
            {
                string text = File.ReadAllText(meta);
                foreach (System.Text.RegularExpressions.Match m in ProductNames.Granule().Matches(text))
                {
                    if (m.Groups["start"].Value == product.Acquired.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)
                        && ProductNames.RelativeOrbit(m.Groups["platform"].Value, int.Parse(m.Groups["orbit"].Value, CultureInfo.InvariantCulture)) is int rel)
                    {
                        track = rel;
                        source = $"metadata file {Path.GetFileName(meta)}";
                        break;
                    }
                }

                used.Add(meta);
                if (track is not null)
                {
                    break;
                }
            }

            if (track is int t)
            {
                yield return product with { Track = t, TrackSource = source! };
            }
            else
            {
                noOrbit.Add(product);
            }
        }
    }

    /// <summary>
    /// Products whose relative orbit nothing gives (HyP3 without its metadata file, pyroSAR) are grouped by time of day,
    /// which separates the tracks over one place; a note says so.
    /// </summary>
    private static IEnumerable<RadarProduct> TimeOfDayTracks(List<RadarProduct> noOrbit, List<string> notes)
    {
        if (noOrbit.Count == 0)
        {
            yield break;
        }

        var byTime = noOrbit.OrderBy(p => p.Acquired.UtcDateTime.TimeOfDay).ToList();
        var groupStart = byTime[0].Acquired.UtcDateTime.TimeOfDay;
        var previous = groupStart;
        foreach (var p in byTime)
        {
            var time = p.Acquired.UtcDateTime.TimeOfDay;
            if (time - previous > TimeOfDayTolerance)
            {
                groupStart = time;
            }

            previous = time;
            int minute = (int)groupStart.TotalMinutes;
            yield return p with { Track = TimeOfDayTrackBase + minute, TrackSource = $"time of day {groupStart:hh\\:mm} UTC (nothing gives the relative orbit)" };
        }

        var kinds = noOrbit.GroupBy(p => p.Kind).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key == ProductNames.Hyp3Kind ? $"{g.Count()} HyP3 image(s) with no metadata file naming their source granule" : $"{g.Count()} {g.Key} image(s), whose names give no orbit number");
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"{string.Join(" and ", kinds)}: their relative orbit is unknown, so they are grouped into tracks by time of day (acquisitions within {TimeOfDayTolerance.TotalMinutes:F0} minutes), numbered {TimeOfDayTrackBase} + minutes after midnight UTC."));
    }

    private static bool StartsAsManifest(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[64];
        int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var start = head[..n];
        if (start.StartsWith("\uFEFF"u8))
        {
            start = start[3..];
        }

        return System.Text.Encoding.ASCII.GetString(start).StartsWith(StackManifest.Header, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsArchive(string path) =>
        path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tar", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase);

    private static bool IsTiff(string path) =>
        path.EndsWith(".tif", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tiff", StringComparison.OrdinalIgnoreCase);
}
