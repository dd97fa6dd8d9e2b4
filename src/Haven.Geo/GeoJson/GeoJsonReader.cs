using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Valid;
using Haven.Geo.Crs;

namespace Haven.Geo.GeoJson;

/// <summary>
/// Reads a GeoJSON FeatureCollection (or a single Feature) and checks every feature: its structure, its
/// geometry type, its coordinates (range, apparent (lat, lon) order), its rings (closed, long enough, not
/// self-intersecting: OGC validity) and its size. Each problem names the file, the feature index and id,
/// and what was expected; such features are left out of the result. With <see cref="GeoJsonReadOptions.Repair"/>
/// unclosed rings are closed and invalid polygons fixed, and each repair is reported. Thread-safe.
/// </summary>
public static class GeoJsonReader
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    /// <summary>Shared by every feature read without a repair (never added to).</summary>
    private static readonly List<GeoJsonIssue> NoRepairs = [];

    public static Outcome<GeoJsonReadResult> Read(string path, GeoJsonReadOptions? options = null)
    {
        options ??= GeoJsonReadOptions.Default;
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return Outcome<GeoJsonReadResult>.Failure("geojson.not_found", $"{path}: file not found.");
        }

        if (file.Length > options.MaxFileBytes)
        {
            return Outcome<GeoJsonReadResult>.Failure("geojson.too_large",
                string.Create(CultureInfo.InvariantCulture, $"{path}: {file.Length:N0} bytes is over the limit of {options.MaxFileBytes:N0}."));
        }

        // Checked as UTF-8 first: the JSON reader would otherwise take bytes it cannot decode into strings.
        var bytes = File.ReadAllBytes(path);
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return Haven.Geo.Text.TextCheck.Utf8(bytes, path)!;
        }

        // A byte order mark, as Windows tools write, is not part of the JSON text (RFC 8259 section 8.1 lets a parser ignore it).
        var json = bytes.AsMemory(bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0);
        try
        {
            return ReadText(json, path, options);
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is long line ? $" line {line + 1}, column {ex.BytePositionInLine + 1}" : string.Empty;
            return Outcome<GeoJsonReadResult>.Failure("geojson.malformed", $"{path}{where}: not valid JSON ({ex.Message.Split('.')[0]}).");
        }
    }

    /// <summary>Features read in batches of this many: the forward pass finds where each lies, then the batch is read in parallel.</summary>
    private const int Batch = 4096;

    /// <summary>How deep a GeoJSON text may nest, for every reader of it here.</summary>
    private const int MaxDepth = 256;

    /// <summary>
    /// A FeatureCollection read in one forward pass over the file's bytes, a batch of features at a time: no document of
    /// the whole file is built, and features of the common kind are read with no document at all. Anything else (one
    /// Feature, or not features at all), and the rare layouts this pass cannot settle (a legacy "crs" member after the
    /// features, or one Haven cannot use), are read, or refused, as a whole document. Throws
    /// <see cref="JsonException"/>, positioned in the file, when the text is not JSON.
    /// </summary>
    private static Outcome<GeoJsonReadResult> ReadText(ReadOnlyMemory<byte> json, string path, GeoJsonReadOptions options)
    {
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { MaxDepth = MaxDepth });
        string? type = null;
        // The legacy "crs" member (GDAL writes it before the features), and whether the pass can use what it found.
        Outcome<SourceCrs> crs = SourceCrs.Wgs84;
        bool collection = false, settled = true;
        var results = new List<(IFeature? Feature, GeoJsonIssue? Problem, List<GeoJsonIssue> Repairs)>();
        var ids = new Dictionary<int, (string, bool)>();
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (settled && reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isType = reader.ValueTextEquals("type"u8), isFeatures = reader.ValueTextEquals("features"u8), isCrs = reader.ValueTextEquals("crs"u8);
                reader.Read();
                if (isType && reader.TokenType == JsonTokenType.String)
                {
                    type = reader.GetString();
                }
                else if (isCrs)
                {
                    using var member = JsonDocument.ParseValue(ref reader);
                    crs = Crs(member.RootElement, path);
                    // Features already read were read in another CRS.
                    settled = crs.Succeeded && !collection;
                }
                else if (isFeatures && reader.TokenType == JsonTokenType.StartArray)
                {
                    // A repeated "features" member: the last one counts, as when the file is read as one document.
                    collection = true;
                    results.Clear();
                    ids.Clear();
                    var batch = new List<(int Start, int Length)>(Batch);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        int start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        batch.Add((start, (int)reader.BytesConsumed - start));
                        if (batch.Count == Batch)
                        {
                            ReadBatch(json, batch, path, options, crs.Value, results, ids);
                            batch.Clear();
                        }
                    }

                    if (batch.Count > 0)
                    {
                        ReadBatch(json, batch, path, options, crs.Value, results, ids);
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }

        // Whatever follows the top-level value must be white space only.
        while (reader.Read())
        {
        }

        if (!collection || type != "FeatureCollection" || !settled)
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
            return Read(document.RootElement, path, options);
        }

        return GeoJsonReadResult.Gather(path, [.. results], ids, crs.Value, "GeoJSON");
    }

    /// <summary>
    /// Reads one batch of features, each given by where its text lies in <paramref name="json"/>, appended to
    /// <paramref name="results"/>. Features are independent and read in parallel, each into its place. A feature of the
    /// common kind (<see cref="SimpleFeature"/>) is read straight from its bytes; any other is parsed as a document of
    /// its own and read by the general path.
    /// </summary>
    private static void ReadBatch(ReadOnlyMemory<byte> json, List<(int Start, int Length)> features, string path, GeoJsonReadOptions options, SourceCrs crs,
        List<(IFeature? Feature, GeoJsonIssue? Problem, List<GeoJsonIssue> Repairs)> results, Dictionary<int, (string, bool)> ids)
    {
        int first = results.Count;
        var read = new (IFeature? Feature, GeoJsonIssue? Problem, List<GeoJsonIssue> Repairs)[features.Count];
        var own = new (string, bool)?[features.Count];
        Parallel.For(0, features.Count, new ParallelOptions { MaxDegreeOfParallelism = features.Count < 256 ? 1 : Environment.ProcessorCount }, i =>
        {
            var text = json.Slice(features[i].Start, features[i].Length);
            if (SimpleFeature.TryRead(text.Span, Wgs84, out var simple))
            {
                read[i] = Accepted(simple, first + i, path, options, crs);
                own[i] = simple.OwnId;
            }
            else
            {
                using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxDepth });
                read[i] = ReadElement(document.RootElement, first + i, path, options, crs);
                own[i] = OwnId(document.RootElement);
            }
        });

        for (int i = 0; i < own.Length; i++)
        {
            if (own[i] is { } id)
            {
                ids[first + i] = id;
            }
        }

        results.AddRange(read);
    }

    /// <summary>A feature read straight from its bytes, put through the same checks as every other (<see cref="Checked"/>).</summary>
    private static (IFeature? Feature, GeoJsonIssue? Problem, List<GeoJsonIssue> Repairs) Accepted(SimpleFeature simple, int index, string path, GeoJsonReadOptions options, SourceCrs crs) =>
        Reported(path, index, simple.MessageId, repairs => new Feature(Checked(simple.Shape, crs, simple.Vertices, options, repairs), simple.Attributes));

    /// <summary>
    /// Feature number <paramref name="index"/> as <paramref name="read"/> makes it, with each repair it noted reported as
    /// an issue; or, when it throws <see cref="GeoJsonFormatException"/>, the problem that keeps the feature out.
    /// </summary>
    private static (IFeature? Feature, GeoJsonIssue? Problem, List<GeoJsonIssue> Repairs) Reported(string path, int index, string? id, Func<List<string>, Feature> read)
    {
        var repairs = new List<string>();
        try
        {
            var feature = read(repairs);
            return (feature, null, repairs.Count == 0 ? NoRepairs : [.. repairs.Select(r => new GeoJsonIssue(path, index, id, "repaired", r))]);
        }
        catch (GeoJsonFormatException ex)
        {
            return (null, new GeoJsonIssue(path, index, id, ex.Code, ex.Message), []);
        }
    }

    /// <summary>
    /// Features are independent: they are read in parallel, each into its place in <paramref name="results"/>, so that
    /// results stay in file order; the first of them is feature number <paramref name="first"/> of the file.
    /// </summary>
    private static void ReadFeatures(JsonElement[] elements, int first, string path, GeoJsonReadOptions options, SourceCrs crs,
        (IFeature? Feature, GeoJsonIssue? Problem, List<GeoJsonIssue> Repairs)[] results, Dictionary<int, (string, bool)> ids)
    {
        Parallel.For(0, elements.Length, new ParallelOptions { MaxDegreeOfParallelism = elements.Length < 256 ? 1 : Environment.ProcessorCount },
            i => results[i] = ReadElement(elements[i], first + i, path, options, crs));

        for (int i = 0; i < elements.Length; i++)
        {
            if (OwnId(elements[i]) is { } id)
            {
                ids[first + i] = id;
            }
        }
    }

    /// <summary>Feature number <paramref name="index"/> of the file, read from its parsed JSON: accepted (with any repairs), or the problem that keeps it out.</summary>
    private static (IFeature? Feature, GeoJsonIssue? Problem, List<GeoJsonIssue> Repairs) ReadElement(JsonElement element, int index, string path, GeoJsonReadOptions options, SourceCrs crs) =>
        Reported(path, index, SafeIdOf(element), repairs =>
        {
            // Rings closed while parsing are reported before repairs made by the checks.
            var parser = new GeoJsonGeometryParser(Wgs84, options.Repair);
            var feature = ReadFeature(element, parser, options, crs, out var repaired);
            repairs.AddRange(parser.Repairs);
            repairs.AddRange(repaired);
            return feature;
        });

    public static Outcome<GeoJsonReadResult> Read(JsonElement root, string path, GeoJsonReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString() : null;
        IEnumerable<JsonElement> features;
        if (type == "FeatureCollection" && root.TryGetProperty("features", out var array) && array.ValueKind == JsonValueKind.Array)
        {
            features = array.EnumerateArray();
        }
        else if (type == "Feature")
        {
            features = [root];
        }
        else
        {
            return Outcome<GeoJsonReadResult>.Failure("geojson.not_features",
                $"{path}: expected a FeatureCollection with a \"features\" array (or one Feature), found {(type is null ? root.ValueKind.ToString() : $"type \"{type}\"")}.");
        }

        var crs = Crs(root.ValueKind == JsonValueKind.Object && root.TryGetProperty("crs", out var crsMember) ? crsMember : null, path);
        if (!crs.Succeeded)
        {
            return crs.Problem!;
        }

        var elements = features.ToArray();
        var results = new (IFeature? Feature, GeoJsonIssue? Problem, List<GeoJsonIssue> Repairs)[elements.Length];
        var ids = new Dictionary<int, (string, bool)>();
        ReadFeatures(elements, 0, path, options, crs.Value, results, ids);
        return GeoJsonReadResult.Gather(path, results, ids, crs.Value, "GeoJSON");
    }

    /// <summary>
    /// The CRS of the features: WGS 84, or the one a legacy "crs" member (GeoJSON 2008) names, which GDAL and QGIS still
    /// write for data not in WGS 84: features are then projected to WGS 84 before they are checked, so a UTM file is
    /// read, not refused feature by feature.
    /// </summary>
    private static Outcome<SourceCrs> Crs(JsonElement? member, string path) =>
        member is { ValueKind: JsonValueKind.Object } named ? LegacyCrs(named, path) : SourceCrs.Wgs84;

    /// <summary>The CRS a legacy "crs" member names ({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32636"}}).</summary>
    private static Outcome<SourceCrs> LegacyCrs(JsonElement member, string path)
    {
        if (member.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "name"
            && member.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            && properties.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
        {
            return SourceCrs.FromName(name.GetString()!, path);
        }

        return Outcome<SourceCrs>.Failure("crs.unknown", $"{path}: the \"crs\" member is not a named CRS ({{\"type\": \"name\", \"properties\": {{\"name\": \"EPSG:...\"}}}}); linked CRSs are not read.");
    }

    private static Feature ReadFeature(JsonElement element, GeoJsonGeometryParser parser, GeoJsonReadOptions options, SourceCrs crs, out List<string> repairs)
    {
        repairs = [];
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("type", out var type) || type.GetString() != "Feature")
        {
            throw new GeoJsonFormatException("feature.type", "expected an object with \"type\": \"Feature\"");
        }

        if (!element.TryGetProperty("geometry", out var g) || g.ValueKind == JsonValueKind.Null)
        {
            throw new GeoJsonFormatException("geometry.null", "geometry is missing or null");
        }

        var geometry = Checked(parser.Parse(g), crs, parser.Vertices, options, repairs);
        return new Feature(geometry, Properties(element));
    }

    /// <summary>
    /// The checks every feature passes, whatever file it came from: not empty, of an allowed type, not too many
    /// vertices, in range (and not apparently swapped), and valid (repaired when asked, each repair reported).
    /// Returns the geometry to keep, in WGS 84 or, with <see cref="GeoJsonReadOptions.KeepCrs"/>, in <paramref name="crs"/>;
    /// or throws <see cref="GeoJsonFormatException"/>.
    /// </summary>
    internal static Geometry Checked(Geometry geometry, SourceCrs crs, int vertices, GeoJsonReadOptions options, List<string> repairs, bool layerInRange = false)
    {
        Envelope? wgs84 = null;
        if (!crs.IsWgs84)
        {
            if (options.KeepCrs)
            {
                // A feature of a layer whose whole extent is in range is in range too; only then is the transform spared.
                wgs84 = layerInRange ? Wgs84Range : crs.ToWgs84(geometry.EnvelopeInternal);
            }
            else
            {
                geometry = crs.ToWgs84InPlace(geometry);
            }
        }

        if (geometry.IsEmpty)
        {
            throw new GeoJsonFormatException("geometry.empty", $"{geometry.GeometryType} has no coordinates");
        }

        if (options.AllowedGeometryTypes is { } allowed && !allowed.Contains(geometry.GeometryType))
        {
            throw new GeoJsonFormatException("geometry.unexpected_type",
                $"geometry is a {geometry.GeometryType}; expected {string.Join(" or ", allowed.Order(StringComparer.Ordinal))}");
        }

        if (vertices > options.MaxVerticesPerFeature)
        {
            throw new GeoJsonFormatException("geometry.too_many_vertices",
                string.Create(CultureInfo.InvariantCulture, $"geometry has {vertices:N0} vertices, over the limit of {options.MaxVerticesPerFeature:N0}"));
        }

        CheckCoordinates(wgs84 ?? geometry.EnvelopeInternal, options.ExpectedExtent);
        if (Spatial.SimpleRing.IsProvenValid(geometry))
        {
            return geometry;
        }

        var valid = new IsValidOp(geometry);
        if (valid.IsValid)
        {
            return geometry;
        }

        var error = valid.ValidationError;
        string what = FormattableString.Invariant($"{error.Message} at [{error.Coordinate?.X}, {error.Coordinate?.Y}]");
        if (!options.Repair)
        {
            throw new GeoJsonFormatException("geometry.invalid", $"geometry is not valid: {what}");
        }

        var fixedGeometry = GeometryFixer.Fix(geometry);
        if (fixedGeometry.IsEmpty)
        {
            throw new GeoJsonFormatException("geometry.invalid", $"geometry is not valid ({what}) and nothing is left after repair");
        }

        repairs.Add(FormattableString.Invariant(
            $"made valid ({what}); area {geometry.Area:G6} -> {fixedGeometry.Area:G6} square {(wgs84 is null ? "degrees" : "units of " + crs.Label)}, now a {fixedGeometry.GeometryType}"));
        return fixedGeometry;
    }

    private static readonly Envelope Wgs84Range = new(-180, 180, -90, 90);

    private static void CheckCoordinates(Envelope env, Envelope? expected)
    {
        bool inRange = env.MinX >= -180 && env.MaxX <= 180 && env.MinY >= -90 && env.MaxY <= 90;
        bool swappedInRange = env.MinY >= -180 && env.MaxY <= 180 && env.MinX >= -90 && env.MaxX <= 90;
        string Box() => FormattableString.Invariant($"[{env.MinX}, {env.MinY}, {env.MaxX}, {env.MaxY}]");
        if (!inRange)
        {
            throw swappedInRange
                ? new GeoJsonFormatException("geometry.swapped", $"coordinates {Box()} are out of range as (longitude, latitude) but not as (latitude, longitude): they look swapped")
                : new GeoJsonFormatException("geometry.out_of_range", $"coordinates {Box()} are outside longitude -180..180 and latitude -90..90");
        }

        if (expected is not null && !expected.Intersects(env))
        {
            var swapped = new Envelope(env.MinY, env.MaxY, env.MinX, env.MaxX);
            if (expected.Intersects(swapped))
            {
                throw new GeoJsonFormatException("geometry.swapped", $"coordinates {Box()} lie outside the expected area but would lie inside it as (latitude, longitude): they look swapped");
            }
        }
    }

    /// <summary>A feature's own "id" member (not its properties') as text, and whether it is a number; null when absent or not valid Unicode.</summary>
    private static (string Text, bool Number)? OwnId(JsonElement feature)
    {
        if (feature.ValueKind != JsonValueKind.Object || !feature.TryGetProperty("id", out var id) || id.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return null;
        }

        try
        {
            return (TextOf(id), id.ValueKind == JsonValueKind.Number);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A string's text or a number's JSON text, as written.</summary>
    private static string TextOf(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    /// <summary>The feature's id for messages; null when it has none or it is not valid Unicode (the feature is then refused by <see cref="Text"/>).</summary>
    private static string? SafeIdOf(JsonElement feature)
    {
        try
        {
            return IdOf(feature);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string? IdOf(JsonElement feature)
    {
        if (feature.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (feature.TryGetProperty("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            return TextOf(id);
        }

        if (feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("id", out var pid) && pid.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            return TextOf(pid);
        }

        return null;
    }

    private static AttributesTable Properties(JsonElement feature)
    {
        var table = new AttributesTable();
        if (feature.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in p.EnumerateObject())
            {
                string name = Text(property, "a property name");
                if (!table.Exists(name))
                {
                    table.Add(name, Value(property.Value, name));
                }
            }
        }

        if (feature.TryGetProperty("id", out var id) && !table.Exists("id"))
        {
            table.Add("id", Value(id, "id"));
        }

        return table;
    }

    /// <summary>A JSON string as .NET text; a string with an unpaired surrogate escape (\uD800) cannot be text and refuses the feature.</summary>
    private static string Text(JsonProperty property, string what)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw new GeoJsonFormatException("text.surrogate", $"{what} holds half of a UTF-16 surrogate pair (a lone \\uD800-\\uDFFF escape), not a character");
        }
    }

    private static object? Value(JsonElement v, string name) => v.ValueKind switch
    {
        JsonValueKind.String => StringOf(v, name),
        JsonValueKind.Number => v.TryGetInt64(out long l) ? l : v.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => v.Clone(),
    };

    private static string StringOf(JsonElement v, string name)
    {
        try
        {
            return v.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new GeoJsonFormatException("text.surrogate", $"property \"{name}\" holds half of a UTF-16 surrogate pair (a lone \\uD800-\\uDFFF escape), not a character");
        }
    }
}
