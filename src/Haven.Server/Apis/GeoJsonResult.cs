using System.Text.Json;
using Haven.Geo.GeoJson;
using NetTopologySuite.Features;

namespace Haven.Server.Apis;

/// <summary>Writes a feature collection as <c>application/geo+json</c> (RFC 7946).</summary>
public sealed class GeoJsonResult(FeatureCollection features) : IResult
{
    public const string ContentType = "application/geo+json";

    public FeatureCollection Features { get; } = features;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(httpContext.Response.Body, Features, GeoJsonFiles.SerializerOptions, httpContext.RequestAborted);
    }
}
