using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Haven.Server.Apis;

/// <summary>How a body that is not a serialised .NET type looks, for the OpenAPI document.</summary>
public enum BodyShape
{
    /// <summary>Text: CSV, a plain-language notice.</summary>
    Text,

    /// <summary>Bytes: a vector tile.</summary>
    Binary,

    /// <summary>A JSON document whose shape is its own format (a signed publication).</summary>
    JsonDocument,
}

/// <summary>A success body a route writes itself, besides or instead of its typed result.</summary>
public sealed record AlternativeBody(string ContentType, BodyShape Shape);

/// <summary>
/// Fills in what typed results cannot say: bodies a route writes itself (HXL CSV, vector tiles, notices, signed
/// documents) and the ProblemDetails every route answers bad requests with.
/// </summary>
public static class ApiDocumentation
{
    /// <summary>The route also answers 200 with <paramref name="contentType"/> (for example CSV when format=csv).</summary>
    public static RouteHandlerBuilder AlsoAnswers(this RouteHandlerBuilder route, string contentType, BodyShape shape = BodyShape.Text) =>
        route.WithMetadata(new AlternativeBody(contentType, shape));

    /// <summary>The route answers JSON of type <typeparamref name="T"/>, or HXL CSV with format=csv.</summary>
    public static RouteHandlerBuilder AnswersJsonOrCsv<T>(this RouteHandlerBuilder route) =>
        route.Produces<T>(StatusCodes.Status200OK, "application/json").AlsoAnswers("text/csv");

    /// <summary>The operation transformer that writes the alternatives and the problem answers into the document.</summary>
    internal sealed class Transformer : IOpenApiOperationTransformer
    {
        public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(operation);
            ArgumentNullException.ThrowIfNull(context);
            operation.Responses ??= new OpenApiResponses();
            foreach (var body in context.Description.ActionDescriptor.EndpointMetadata.OfType<AlternativeBody>())
            {
                if (!operation.Responses.TryGetValue("200", out var ok))
                {
                    ok = new OpenApiResponse { Description = "OK" };
                    operation.Responses["200"] = ok;
                }

                if (ok is OpenApiResponse response)
                {
                    response.Content ??= new Dictionary<string, OpenApiMediaType>();
                    response.Content[body.ContentType] = new OpenApiMediaType { Schema = Schema(body.Shape) };
                }
            }

            var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), null, cancellationToken);
            operation.Responses.TryAdd("4XX", new OpenApiResponse
            {
                Description = "Bad input, an unknown id or too many requests: ProblemDetails with a stable code and a message naming the field.",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
            });
        }

        private static OpenApiSchema Schema(BodyShape shape) => shape switch
        {
            BodyShape.Binary => new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" },
            BodyShape.JsonDocument => new OpenApiSchema { Type = JsonSchemaType.Object },
            _ => new OpenApiSchema { Type = JsonSchemaType.String },
        };
    }
}
