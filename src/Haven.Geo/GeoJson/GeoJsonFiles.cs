using System.Text.Json;
using Haven.Geo.IO;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace Haven.Geo.GeoJson;

/// <summary>
/// Reads and writes RFC 7946 GeoJSON feature collections with NetTopologySuite's System.Text.Json converters.
/// The serializer options are built once and shared; they are thread-safe once built.
/// </summary>
public static class GeoJsonFiles
{
    /// <summary>Options with NetTopologySuite's GeoJSON converters, shared by the server and the CLI.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions { WriteIndented = false };
        options.Converters.Add(new GeoJsonConverterFactory());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static void Write(Stream stream, FeatureCollection features) =>
        JsonSerializer.Serialize(stream, features, SerializerOptions);

    /// <summary>Writes a feature collection to a file atomically.</summary>
    public static void Write(string path, FeatureCollection features) =>
        AtomicFile.Write(path, stream => Write(stream, features));

    /// <summary>Reads a feature collection; malformed JSON or a non-collection comes back as a problem naming the file.</summary>
    public static Outcome<FeatureCollection> Read(string path)
    {
        if (!File.Exists(path))
        {
            return Outcome<FeatureCollection>.Failure("geojson.not_found", $"{path}: file not found.");
        }

        try
        {
            using var stream = File.OpenRead(path);
            var collection = JsonSerializer.Deserialize<FeatureCollection>(stream, SerializerOptions);
            return collection is null
                ? Outcome<FeatureCollection>.Failure("geojson.empty", $"{path}: expected a FeatureCollection, found null.")
                : collection;
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is long line ? $" at line {line + 1}" : string.Empty;
            return Outcome<FeatureCollection>.Failure("geojson.malformed", $"{path}{where}: {ex.Message}");
        }
    }
}
