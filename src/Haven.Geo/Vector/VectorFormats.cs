namespace Haven.Geo.Vector;

/// <summary>The vector formats Haven reads and writes.</summary>
public enum VectorFormat
{
    GeoJson,
    GeoPackage,
    Shapefile,
    Csv,
}

/// <summary>Which format a file is, from its first bytes (and, for CSV, its header): never from its name alone.</summary>
public static class VectorFormats
{
    public static Outcome<VectorFormat> Recognise(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path, "*.shp", new EnumerationOptions { MatchCasing = MatchCasing.CaseInsensitive }).Any()
                ? VectorFormat.Shapefile
                : Outcome<VectorFormat>.Failure("vector.unknown_format", $"{path}: a folder with no Shapefile (.shp) in it.");
        }

        if (!File.Exists(path))
        {
            return Outcome<VectorFormat>.Failure("vector.not_found", $"{path}: file not found.");
        }

        Span<byte> head = stackalloc byte[512];
        int n;
        using (var stream = File.OpenRead(path))
        {
            n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        head = head[..n];
        if (head.StartsWith("SQLite format 3\0"u8))
        {
            return VectorFormat.GeoPackage;
        }

        if (head.StartsWith("PK\u0003\u0004"u8) || (n >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0x27 && head[3] == 0x0A))
        {
            return VectorFormat.Shapefile;
        }

        // A name that claims a format the bytes do not hold is answered for that format, not read as another.
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".gpkg" or ".shp" or ".zip")
        {
            return Outcome<VectorFormat>.Failure("vector.unknown_format", extension == ".gpkg"
                ? $"{path}: not a GeoPackage (a GeoPackage is an SQLite file, which begins \"SQLite format 3\")."
                : $"{path}: not a {(extension == ".zip" ? "zip" : "Shapefile")} (its first bytes are not a {(extension == ".zip" ? "zip archive's" : ".shp file's")}).");
        }

        if (extension is ".geojson" or ".json")
        {
            return VectorFormat.GeoJson;
        }

        var text = head.StartsWith("\uFEFF"u8) ? head[3..] : head;
        int first = text.IndexOfAnyExcept(" \t\r\n"u8);
        if (first >= 0 && text[first] is (byte)'{' or (byte)'[')
        {
            return VectorFormat.GeoJson;
        }

        if (first >= 0 && System.Text.Unicode.Utf8.IsValid(text[..Math.Max(0, LastCompleteLine(text))]) && text.IndexOf((byte)',') >= 0)
        {
            return VectorFormat.Csv;
        }

        return Outcome<VectorFormat>.Failure("vector.unknown_format",
            $"{path}: not a format Haven reads; expected GeoJSON, a GeoPackage, a Shapefile (.shp, a folder or a .zip) or a CSV with a WKT or longitude and latitude columns.");
    }

    private static int LastCompleteLine(ReadOnlySpan<byte> text)
    {
        int end = text.LastIndexOf((byte)'\n');
        return end < 0 ? text.Length : end;
    }
}
