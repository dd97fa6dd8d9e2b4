using System.Text.Json;
using Haven.Geo.IO;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace Haven.Geo.GeoJson;

/// <summary>
/// Writes RFC 7946 GeoJSON feature collections with NetTopologySuite's System.Text.Json converters (reading,
/// with validation, is <see cref="GeoJsonReader"/>).
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
}
