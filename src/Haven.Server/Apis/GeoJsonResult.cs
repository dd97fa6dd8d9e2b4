using System.Reflection;
using System.Text.Json;
using Haven.Geo.GeoJson;
using Microsoft.AspNetCore.Http.Metadata;
using NetTopologySuite.Features;

namespace Haven.Server.Apis;

/// <summary>Writes a feature collection as <c>application/geo+json</c> (RFC 7946), and says so in the OpenAPI document.</summary>
public sealed class GeoJsonResult(FeatureCollection features) : IResult, IEndpointMetadataProvider
{
    public const string ContentType = "application/geo+json";

    public FeatureCollection Features { get; } = features;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.ContentType = ContentType;
        await JsonSerializer.SerializeAsync(httpContext.Response.Body, Features, GeoJsonFiles.SerializerOptions, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(FeatureCollectionShape), [ContentType]));
    }

    /// <summary>The shape of an RFC 7946 feature collection, for the OpenAPI document.</summary>
    public sealed record FeatureCollectionShape(string Type, IReadOnlyList<FeatureShape> Features);

    /// <summary>One feature: its geometry (GeoJSON, WGS 84) and its properties.</summary>
    public sealed record FeatureShape(string Type, JsonElement? Id, JsonElement Geometry, IReadOnlyDictionary<string, JsonElement> Properties);
}
