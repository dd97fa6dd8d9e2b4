using System.Text.Json;
using Haven.Geo.GeoJson;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Haven.Server.Apis;

/// <summary>Request bodies read with a size cap (413 beyond it) and GeoJSON read with a vertex cap (422 beyond it).</summary>
public static class RequestBodies
{
    /// <summary>The body's bytes, or a 413 problem when it is longer than <paramref name="maxBytes"/> (checked before and while reading).</summary>
    public static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (NotJson(request) is { } mediaType)
        {
            return (null, mediaType);
        }

        return await ReadBytesAsync(request, maxBytes, ct);
    }

    /// <summary>The body's bytes whatever its content type, checked to be UTF-8 text unless <paramref name="text"/> is false (a workbook), or a 413 or 400 problem.</summary>
    public static async Task<(byte[]? Body, ProblemHttpResult? Problem)> ReadBytesAsync(HttpRequest request, long maxBytes, CancellationToken ct, bool text = true)
    {
        ArgumentNullException.ThrowIfNull(request);

        ProblemHttpResult TooLarge(long? length) => Problems.Result("body.too_large", StatusCodes.Status413PayloadTooLarge,
            FormattableString.Invariant($"The body{(length is long l ? $" is {l:N0} bytes;" : " is over the limit;")} this endpoint takes at most {maxBytes:N0} bytes."));
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(request.ContentLength));
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + 1;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return (null, TooLarge(null));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A chunked body has no length to check first: the server stops it at the limit.
            return (null, TooLarge(null));
        }

        var body = buffer.ToArray();
        if (text && Haven.Geo.Text.TextCheck.Utf8(body, "The body") is { } encoding)
        {
            return (null, Problems.Result(encoding.Code, StatusCodes.Status400BadRequest, encoding.Message));
        }

        return (body, null);
    }

    /// <summary>True when the request carries a body (a length above zero, or chunked).</summary>
    public static bool HasBody(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
    }

    /// <summary>A 415 problem when the body declares a content type that is not JSON (text/plain, text/xml, a form); none declared is read as JSON.</summary>
    public static ProblemHttpResult? NotJson(HttpRequest request)
    {
        string? type = request.ContentType;
        if (string.IsNullOrWhiteSpace(type) || request.HasJsonContentType())
        {
            return null;
        }

        return Problems.Result("body.media_type", StatusCodes.Status415UnsupportedMediaType,
            $"The body is declared as '{type.Split(';')[0].Trim()}'; this endpoint reads JSON (application/json or application/geo+json).");
    }

    /// <summary>The properties of a JSON object, or of a GeoJSON Feature's "properties" (its geometry, if any, is not read).</summary>
    public static async Task<(NetTopologySuite.Features.AttributesTable Properties, ProblemHttpResult? Problem)> ReadPropertiesAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        var table = new NetTopologySuite.Features.AttributesTable();
        var (body, problem) = await ReadAsync(request, maxBytes, ct);
        if (problem is not null)
        {
            return (table, problem);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var properties = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) && t.ValueEquals("Feature")
                && root.TryGetProperty("properties", out var p) ? p : root;
            if (properties.ValueKind != JsonValueKind.Object)
            {
                return (table, Problems.Result("body.not_object", StatusCodes.Status400BadRequest, "Expected a JSON object, or a GeoJSON Feature with properties."));
            }

            foreach (var property in properties.EnumerateObject())
            {
                table.Add(property.Name, Value(property.Value));
            }

            return (table, null);
        }
        catch (InvalidOperationException)
        {
            // A \uD800-style escape without its pair: JSON allows it, .NET text cannot hold it.
            return (table, Problems.Result("text.surrogate", StatusCodes.Status400BadRequest,
                "The body holds half of a UTF-16 surrogate pair (a lone \\uD800-\\uDFFF escape) in a name or value; send text as valid Unicode."));
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is long line ? $" at line {line + 1}, column {ex.BytePositionInLine + 1}" : "";
            return (table, Problems.Result("body.malformed", StatusCodes.Status400BadRequest, $"The body is not valid JSON{where}."));
        }
    }

    private static object? Value(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out long l) ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => e.EnumerateArray().Select(Value).ToList(),
        _ => null,
    };

    /// <summary>
    /// A GeoJSON Feature or FeatureCollection from the body. Refused whole (nothing is written) when it is too
    /// big (413), not GeoJSON (400), or any feature is bad: too many vertices, an invalid geometry (422).
    /// </summary>
    /// <summary>The body as a JSON document, or a 400 problem naming the line and column where it stops being JSON.</summary>
    public static (JsonDocument? Document, ProblemHttpResult? Problem) ParseJson(byte[] body)
    {
        try
        {
            return (JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 }), null);
        }
        catch (JsonException ex)
        {
            string where = ex.LineNumber is long line ? $" at line {line + 1}, column {ex.BytePositionInLine + 1}" : "";
            return (null, Problems.Result("geojson.malformed", StatusCodes.Status400BadRequest, $"The body is not valid JSON{where}."));
        }
    }

    public static async Task<(GeoJsonReadResult? File, ProblemHttpResult? Problem)> ReadGeoJsonAsync(HttpRequest request, long maxBytes, int maxVertices, CancellationToken ct,
        NetTopologySuite.Geometries.Envelope? expectedExtent = null)
    {
        var (body, problem) = await ReadAsync(request, maxBytes, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        var (parsed, malformed) = ParseJson(body!);
        if (malformed is not null)
        {
            return (null, malformed);
        }

        using (var document = parsed!)
        {
            var read = GeoJsonReader.Read(document.RootElement, "request body", new GeoJsonReadOptions { MaxVerticesPerFeature = maxVertices, ExpectedExtent = expectedExtent });
            if (!read.Succeeded)
            {
                return (null, Problems.Result(read.Problem!.Code, StatusCodes.Status400BadRequest, read.Problem.Message));
            }

            if (read.Value.Problems.Count > 0)
            {
                var first = read.Value.Problems[0];
                return (null, Problems.Result(first.Code, StatusCodes.Status422UnprocessableEntity,
                    $"{read.Value.Problems.Count} feature(s) refused; nothing was written. First: {first}."));
            }

            return (read.Value, null);
        }
    }
}
