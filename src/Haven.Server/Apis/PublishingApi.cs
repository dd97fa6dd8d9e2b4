using Haven.Protection.Publication;
using Haven.Server.Extensions;
using Haven.Server.Security;
using Haven.Storage;
using Haven.Workflows.Publications;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Haven.Server.Apis;

/// <summary>Signing what is in force as the next publication (coordinator).</summary>
public static class PublishingApi
{
    public static IEndpointRouteBuilder MapPublishingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Publishing");
        api.MapPost("/publications", Publish).WithName("Publish").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Sign the zones, orders and sites in force on asOf (default today) as the next publication.");
        return app;
    }

    public sealed record PublishRequest(string? AsOf);

    public sealed record Published(long Sequence, DateTimeOffset PublishedAt, string ContentSha256, string Fingerprint);

    public static async Task<Results<Created<Published>, ProblemHttpResult>> Publish(HttpRequest request, IHavenStore store, IOptions<HavenOptions> options,
        TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var date = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (RequestBodies.HasBody(request) && RequestBodies.NotJson(request) is { } notJson)
        {
            return notJson;
        }

        if (request.HasJsonContentType())
        {
            var (body, problem) = await RequestBodies.ReadAsync(request, 4096, ct);
            if (problem is not null)
            {
                return problem;
            }

            PublishRequest? publish = null;
            try
            {
                publish = body!.Length == 0 ? null : System.Text.Json.JsonSerializer.Deserialize<PublishRequest>(body, System.Text.Json.JsonSerializerOptions.Web);
            }
            catch (System.Text.Json.JsonException)
            {
                return Problems.Result("publish.body", StatusCodes.Status400BadRequest, "Expected JSON {\"asOf\": \"YYYY-MM-DD\"} or no body.");
            }

            if (publish?.AsOf is { } text && !Query.TryDate(text, out date))
            {
                return Query.AsOfProblem(text);
            }
        }

        using var key = PublicationKey.LoadOrCreate(Publisher.DefaultKeyPath(options.Value.DatabasePath));
        var entry = await Publisher.PublishAsync(store, key, date, time.GetUtcNow(), Policies.Actor(request.HttpContext.User), ct);
        return TypedResults.Created($"/api/publications/{entry.Sequence}", new Published(entry.Sequence, entry.PublishedAt, entry.ContentSha256, key.FingerprintText));
    }
}
