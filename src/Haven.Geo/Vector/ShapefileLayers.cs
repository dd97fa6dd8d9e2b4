using System.Globalization;
using System.IO.Compression;
using System.Text;
using Haven.Geo.Crs;
using Haven.Geo.GeoJson;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace Haven.Geo.Vector;

/// <summary>
/// Esri Shapefiles: a .shp beside its .dbf, .prj and .cpg; a folder of them; or a .zip as portals hand them out.
/// The CRS is the .prj's WKT (a Shapefile without one is refused: its coordinates cannot be placed); the text
/// encoding is the .cpg's, UTF-8 when it names none. A zip's members are checked against the size limit from
/// their declared sizes before they are read. Shapefiles have no feature ids: ids come from attributes.
/// </summary>
public static class ShapefileLayers
{
    static ShapefileLayers() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    internal static Outcome<GeoJsonReadResult> Read(string path, string? layer, GeoJsonReadOptions options)
    {
        if (Directory.Exists(path))
        {
            var stems = Directory.EnumerateFiles(path, "*.shp", new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive })
                .Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList();
            var chosen = VectorReader.Choose(path, stems, layer, "Shapefile");
            return chosen.Succeeded
                ? FromParts(path, chosen.Value, new FolderParts(Path.Combine(path, chosen.Value)), options)
                : chosen.Problem!;
        }

        using (var stream = File.OpenRead(path))
        {
            Span<byte> magic = stackalloc byte[4];
            if (stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("PK\u0003\u0004"u8))
            {
                stream.Position = 0;
                return FromZip(path, stream, layer, options);
            }
        }

        if (layer is not null && !string.Equals(layer, Path.GetFileNameWithoutExtension(path), StringComparison.OrdinalIgnoreCase))
        {
            return Outcome<GeoJsonReadResult>.Failure("vector.layer", $"{path}: a .shp file holds one layer, {Path.GetFileNameWithoutExtension(path)}; layer \"{layer}\" is not it.");
        }

        string stem = Path.GetFileNameWithoutExtension(path);
        return FromParts(path, stem, new FolderParts(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, stem)), options);
    }

    private static Outcome<GeoJsonReadResult> FromZip(string path, Stream stream, string? layer, GeoJsonReadOptions options)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException ex)
        {
            return Outcome<GeoJsonReadResult>.Failure("shapefile.unreadable", $"{path}: not a readable zip ({ex.Message.TrimEnd('.')}).");
        }

        using (zip)
        {
            var shps = zip.Entries.Where(e => e.FullName.EndsWith(".shp", StringComparison.OrdinalIgnoreCase) && !e.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal))
                .Select(e => e.FullName[..^4]).Order(StringComparer.Ordinal).ToList();
            var names = shps.Select(s => Path.GetFileName(s)).ToList();
            var chosen = VectorReader.Choose(path, names, layer, "Shapefile (.shp) in the zip");
            if (!chosen.Succeeded)
            {
                return chosen.Problem!;
            }

            string stem = shps[names.IndexOf(chosen.Value)];
            long total = 0;
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith(stem + ".", StringComparison.Ordinal)))
            {
                total += entry.Length;
            }

            if (total > options.MaxFileBytes)
            {
                return Outcome<GeoJsonReadResult>.Failure("vector.too_large",
                    string.Create(CultureInfo.InvariantCulture, $"{path}: the Shapefile {chosen.Value} declares {total:N0} bytes uncompressed, over the limit of {options.MaxFileBytes:N0}."));
            }

            try
            {
                return FromParts(path, chosen.Value, new ZipParts(zip, stem), options);
            }
            catch (InvalidDataException ex)
            {
                return Outcome<GeoJsonReadResult>.Failure("shapefile.unreadable", $"{path}: {chosen.Value} cannot be unzipped ({ex.Message.TrimEnd('.')}).");
            }
        }
    }

    private static Outcome<GeoJsonReadResult> FromParts(string path, string layer, IParts parts, GeoJsonReadOptions options)
    {
        string source = $"{path} (Shapefile {layer})";
        using var shp = parts.Open("shp");
        using var dbf = parts.Open("dbf");
        if (shp is null || dbf is null)
        {
            return Outcome<GeoJsonReadResult>.Failure("shapefile.incomplete", $"{source}: the {(shp is null ? ".shp" : ".dbf")} part is missing; a Shapefile needs its .shp, .dbf and .prj.");
        }

        string? prj = parts.Text("prj");
        if (string.IsNullOrWhiteSpace(prj))
        {
            return Outcome<GeoJsonReadResult>.Failure("crs.missing", $"{source}: no .prj, so the CRS of its coordinates is unknown; add the .prj the data was made with.");
        }

        var crs = SourceCrs.FromWkt(prj, source);
        if (!crs.Succeeded)
        {
            return crs.Problem!;
        }

        var encoding = Encoding.UTF8;
        if (parts.Text("cpg")?.Trim() is { Length: > 0 } cpg)
        {
            var named = EncodingOf(cpg);
            if (named is null)
            {
                return Outcome<GeoJsonReadResult>.Failure("shapefile.encoding", $"{source}: the .cpg names the encoding \"{cpg}\", which is not one Haven knows; expected UTF-8 or a Windows or ISO code page.");
            }

            encoding = named;
        }

        Feature[] read;
        try
        {
            read = Shapefile.ReadAllFeatures(shp, dbf, new ShapefileReaderOptions { Encoding = encoding });
        }
        catch (Exception ex) when (ex is ShapefileException or InvalidDataException or EndOfStreamException or IOException or ArgumentException or NotSupportedException or FormatException or IndexOutOfRangeException or OverflowException)
        {
            return Outcome<GeoJsonReadResult>.Failure("shapefile.unreadable", $"{source}: not a readable Shapefile ({ex.Message.TrimEnd('.')}).");
        }

        var features = read.Select(f => new RawFeature(f.Geometry is { IsEmpty: false } g ? g : null, Attributes(f), null, f.Geometry is null or { IsEmpty: true } ? "the record has a null shape" : null)).ToList();
        return VectorReader.Checked(path, "Shapefile", layer, crs.Value, features, options);
    }

    private static AttributesTable Attributes(Feature feature)
    {
        var table = new AttributesTable();
        foreach (string name in feature.Attributes.GetNames())
        {
            // dBASE numbers with decimals come as decimal and dates as DateTime: as GeoJSON would give them.
            object? value = feature.Attributes[name] switch
            {
                string s => s.TrimEnd(),
                decimal m => (double)m,
                float f => (double)f,
                DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                var other => other,
            };
            table.Add(name, value);
        }

        return table;
    }

    private static Encoding? EncodingOf(string cpg)
    {
        string name = cpg.ToUpperInvariant().Replace(" ", string.Empty, StringComparison.Ordinal);
        if (name is "UTF-8" or "UTF8" or "65001")
        {
            return new UTF8Encoding(false);
        }

        if (int.TryParse(name.StartsWith("CP", StringComparison.Ordinal) ? name[2..] : name, NumberStyles.None, CultureInfo.InvariantCulture, out int page))
        {
            try
            {
                return Encoding.GetEncoding(page);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                return null;
            }
        }

        try
        {
            return Encoding.GetEncoding(cpg.Trim());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private interface IParts
    {
        Stream? Open(string extension);

        string? Text(string extension);
    }

    private sealed class FolderParts(string stem) : IParts
    {
        public Stream? Open(string extension) => Find(extension) is { } file ? File.OpenRead(file) : null;

        public string? Text(string extension) => Find(extension) is { } file ? File.ReadAllText(file) : null;

        private string? Find(string extension)
        {
            string? folder = Path.GetDirectoryName(stem);
            string name = Path.GetFileName(stem) + "." + extension;
            return folder is null ? null : Directory.EnumerateFiles(folder, name, new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive }).FirstOrDefault();
        }
    }

    private sealed class ZipParts(ZipArchive zip, string stem) : IParts
    {
        public Stream? Open(string extension)
        {
            var entry = Find(extension);
            if (entry is null)
            {
                return null;
            }

            // The reader seeks; members are read into memory, their declared sizes already checked against the limit.
            var memory = new MemoryStream(checked((int)entry.Length));
            using (var source = entry.Open())
            {
                // A member that inflates past its declared size is refused, not followed.
                var buffer = new byte[81920];
                int n;
                while ((n = source.Read(buffer)) > 0)
                {
                    if (memory.Length + n > entry.Length)
                    {
                        throw new InvalidDataException($"{entry.FullName} inflates past its declared {entry.Length} bytes");
                    }

                    memory.Write(buffer, 0, n);
                }
            }

            memory.Position = 0;
            return memory;
        }

        public string? Text(string extension)
        {
            using var stream = Open(extension);
            return stream is null ? null : new StreamReader(stream).ReadToEnd();
        }

        private ZipArchiveEntry? Find(string extension) =>
            zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, stem + "." + extension, StringComparison.OrdinalIgnoreCase));
    }
}
