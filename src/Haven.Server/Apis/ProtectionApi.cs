using Haven.Server.Caches;
using Haven.Workflows.Publications;
using Haven.Protection.Sites;
using System.Globalization;
using Haven.Protection.Bulletins;
using Haven.Protection.Lookup;
using Haven.Protection.Publication;
using Haven.Protection.Registry;
using Haven.Server.Extensions;
using Haven.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Haven.Server.Apis;

/// <summary>
/// Protection over HTTP: lookup by coordinates, block or place (with plain-language and SMS text), the SMS
/// protocol, histories of blocks, zones and sites, and the publication ledger (list, export, notice, public key).
/// All anonymous: publishing is in <see cref="PublishingApi"/>.
/// </summary>
public static class ProtectionApi
{
    public static IEndpointRouteBuilder MapProtectionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Protection").RequireRateLimiting(LimitExtensions.PublicPolicy);
        api.MapGet("/search", Search).WithName("Search")
            .WithSummary("Places, sites, areas and zones whose name matches q (Arabic or English, spelling-tolerant), best first, with kind, area and location.");
        api.MapGet("/lookup", Lookup).WithName("Lookup")
            .WithSummary("Where a place stands as of a date: by lat and lon, by block, or by place (Arabic or English).");
        api.MapPost("/sms", Sms).WithName("Sms").WithSummary("An incoming SMS text in; the reply text out (BLOCK n, WHERE lat lon, a place name; Arabic too).");
        api.MapGet("/history/block/{number:int}", BlockHistory).WithName("BlockHistory").WithSummary("Every evacuation order and safe declaration naming a block, oldest first.");
        api.MapGet("/history/zone/{id}", ZoneHistory).WithName("ZoneHistory").WithSummary("Every version of a zone.");
        api.MapGet("/history/site/{id}", SiteHistory).WithName("SiteHistory").WithSummary("A site's earlier states and its current one.");
        api.MapGet("/publications", ListPublications).WithName("ListPublications").WithSummary("The publication ledger's entries (headers).");
        api.MapGet("/publications/{sequence:long}", ExportPublication).WithName("ExportPublication").AlsoAnswers("application/json", BodyShape.JsonDocument)
            .WithSummary("One publication with the chain needed to check it offline (haven verify FILE --key PUB).");
        api.MapGet("/publications/{sequence:long}/notice", PublicationNotice).WithName("PublicationNotice").AlsoAnswers("text/plain").WithSummary("A publication's plain-language notice, in en or ar.");
        api.MapGet("/publication-key", PublicationKeyInfo).WithName("PublicationKey").WithSummary("The public key publications are signed with, and its fingerprint.");
        return app;
    }

    public sealed record LookupResponse(LookupAnswer Answer, string? Place, string BulletinEn, string BulletinAr, string SmsEn, string SmsAr);

    /// <summary>What a name search found, best first.</summary>
    public sealed record SearchResponse(string Query, IReadOnlyList<PlaceMatch> Matches);

    public sealed record SmsRequest(string? Text, string? AsOf);

    public sealed record SmsResponse(string Reply, string Language, string Encoding, int Parts, string Kind);

    public static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> Search([FromQuery] string? q, [FromQuery] int? max, LookupCache cache, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Length > 200 || Haven.Geo.Text.TextCheck.Problem(q, "q") is not null)
        {
            return Problems.Result("query.q", StatusCodes.Status400BadRequest, "q must be a name of 1 to 200 characters, without control characters.");
        }

        if (max is < 1 or > 50)
        {
            return Problems.Result("query.max", StatusCodes.Status400BadRequest, "max must be between 1 and 50.");
        }

        var lookup = await cache.GetAsync(ct);
        return TypedResults.Ok(new SearchResponse(q, lookup.Search(q, max ?? 10)));
    }

    public static async Task<Results<Ok<LookupResponse>, ProblemHttpResult>> Lookup(
        [FromQuery] double? lat, [FromQuery] double? lon, [FromQuery] int? block, [FromQuery] string? place, [FromQuery] string? asOf,
        LookupCache cache, TimeProvider time, CancellationToken ct)
    {
        if (!Query.AsOf(asOf, time, out var date))
        {
            return Query.AsOfProblem(asOf);
        }

        var lookup = await cache.GetAsync(ct);
        LookupAnswer? answer;
        string? placeName = null;
        if (block is int n)
        {
            answer = lookup.ByBlock(n, date);
            if (answer is null)
            {
                return Problems.Result("lookup.unknown_block", StatusCodes.Status404NotFound, $"No block {n} on record.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(place))
        {
            if (place.Length > 200 || Haven.Geo.Text.TextCheck.Problem(place, "place") is not null)
            {
                return Problems.Result("query.place", StatusCodes.Status400BadRequest, "place must be a name of at most 200 characters, without control characters.");
            }

            if (lookup.ByPlace(place, date) is not { } found)
            {
                return Problems.Result("lookup.unknown_place", StatusCodes.Status404NotFound, $"No place matches '{place}'.");
            }

            (placeName, answer) = found;
        }
        else if (lat is double y && lon is double x)
        {
            if (!double.IsFinite(y) || !double.IsFinite(x) || Math.Abs(y) > 90 || Math.Abs(x) > 180)
            {
                return Problems.Result("query.coordinates", StatusCodes.Status400BadRequest, "lat must be within ±90 and lon within ±180 (WGS 84 degrees).");
            }

            answer = lookup.ByPoint(x, y, date);
        }
        else
        {
            return Problems.Result("query.lookup", StatusCodes.Status400BadRequest, "Give lat and lon, or block, or place.");
        }

        return TypedResults.Ok(new LookupResponse(answer, placeName, Bulletin.ForAnswer(answer, Language.English), Bulletin.ForAnswer(answer, Language.Arabic),
            Bulletin.SmsForAnswer(answer, Language.English), Bulletin.SmsForAnswer(answer, Language.Arabic)));
    }

    public static async Task<Results<Ok<SmsResponse>, ProblemHttpResult>> Sms(HttpRequest request, LookupCache cache, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        // An SMS is at most a few hundred bytes: refuse big bodies before reading them.
        const int MaxBody = 16 * 1024;
        if (request.ContentLength > MaxBody)
        {
            return Problems.Result("body.too_large", StatusCodes.Status413PayloadTooLarge, $"The body is {request.ContentLength:N0} bytes; an SMS request may have at most {MaxBody:N0}.");
        }

        if (request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBody;
        }

        string? text;
        string? asOf = null;
        if (request.HasJsonContentType())
        {
            SmsRequest? body;
            try
            {
                body = await request.ReadFromJsonAsync<SmsRequest>(ct);
            }
            catch (System.Text.Json.JsonException ex)
            {
                return Problems.Result("sms.body", StatusCodes.Status400BadRequest, $"The body is not valid JSON ({ex.Message.Split('.')[0]}); expected {{\"text\": \"...\"}}.");
            }
            catch (InvalidOperationException)
            {
                return Problems.Result("sms.body", StatusCodes.Status400BadRequest, "The body's text is not valid Unicode (a lone \\uD800-\\uDFFF escape); expected {\"text\": \"...\"}.");
            }

            (text, asOf) = (body?.Text, body?.AsOf);
        }
        else if (request.HasFormContentType)
        {
            Microsoft.AspNetCore.Http.IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct);
            }
            catch (InvalidDataException ex)
            {
                return Problems.Result("sms.body", StatusCodes.Status400BadRequest, $"The form body cannot be read ({ex.Message.TrimEnd('.')}); send text=... as application/x-www-form-urlencoded, or JSON.");
            }

            text = form["text"].FirstOrDefault() ?? form["Body"].FirstOrDefault();
        }
        else
        {
            // Bounded read: a body without a length is cut off after the limit and refused.
            var (body, problem) = await RequestBodies.ReadBytesAsync(request, MaxBody, ct);
            if (problem is not null)
            {
                return problem;
            }

            text = System.Text.Encoding.UTF8.GetString(body!);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Problems.Result("sms.empty", StatusCodes.Status400BadRequest, "No message text: send JSON {\"text\": \"BLOCK 2317\"}, a form field text, or the text itself.");
        }

        if (text.Length > 1600)
        {
            return Problems.Result("sms.too_long", StatusCodes.Status400BadRequest, "A message of more than 1,600 characters is not an SMS.");
        }

        if (!Query.AsOf(asOf, time, out var date))
        {
            return Query.AsOfProblem(asOf);
        }

        var reply = SmsProtocol.Reply(text, await cache.GetAsync(ct), date);
        return TypedResults.Ok(new SmsResponse(reply.Text, reply.Language == Language.Arabic ? "ar" : "en", reply.Fit.Encoding, reply.Fit.Parts, reply.Kind));
    }

    public static async Task<Ok<IReadOnlyList<Haven.Protection.Orders.EvacuationOrder>>> BlockHistory(int number, LookupCache cache, CancellationToken ct) =>
        TypedResults.Ok((await cache.GetAsync(ct)).Registry.BlockHistory(number));

    public static async Task<Results<Ok<IReadOnlyList<ZoneVersion>>, ProblemHttpResult>> ZoneHistory(string id, LookupCache cache, CancellationToken ct)
    {
        var versions = (await cache.GetAsync(ct)).Registry.ZoneHistory(id);
        return versions.Count == 0
            ? Problems.Result("zone.unknown", StatusCodes.Status404NotFound, $"No zone '{id}'.")
            : TypedResults.Ok<IReadOnlyList<ZoneVersion>>([.. versions.Select(z => new ZoneVersion(z.Id, z.Version, z.Kind, z.NameEn, z.NameAr, z.ValidFrom, z.ValidTo, z.Source))]);
    }

    public sealed record ZoneVersion(string Id, int Version, string Kind, string NameEn, string NameAr, DateOnly ValidFrom, DateOnly? ValidTo, string Source);

    public static async Task<Results<Ok<IReadOnlyList<SiteState>>, ProblemHttpResult>> SiteHistory(string id, IHavenStore store, CancellationToken ct)
    {
        var states = await store.GetSiteHistoryAsync(id, ct);
        return states.Count == 0 ? Problems.Result("site.unknown", StatusCodes.Status404NotFound, $"No site '{id}'.") : TypedResults.Ok(states);
    }

    public sealed record PublicationHeader(long Sequence, DateTimeOffset PublishedAt, string ContentSha256, string Previous, string Fingerprint, string Url);

    public static async Task<Ok<IReadOnlyList<PublicationHeader>>> ListPublications(IHavenStore store, CancellationToken ct) =>
        TypedResults.Ok<IReadOnlyList<PublicationHeader>>([.. (await store.GetPublicationsAsync(false, ct)).Select(e =>
            new PublicationHeader(e.Sequence, e.PublishedAt, e.ContentSha256, e.Previous, PublicationKey.Fingerprint(e.PublicKey), $"/api/publications/{e.Sequence}"))]);

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportPublication(long sequence, IHavenStore store, CancellationToken ct)
    {
        var bytes = await Publisher.ExportAsync(store, sequence, ct);
        return bytes is null
            ? Problems.Result("publication.unknown", StatusCodes.Status404NotFound, $"No publication {sequence}.")
            : TypedResults.File(bytes, "application/json", string.Create(CultureInfo.InvariantCulture, $"haven-publication-{sequence}.json"));
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> PublicationNotice(long sequence, [FromQuery] string? lang, IHavenStore store, CancellationToken ct)
    {
        if (lang is not null && !string.Equals(lang, "ar", StringComparison.OrdinalIgnoreCase) && !string.Equals(lang, "en", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Result("query.lang", StatusCodes.Status400BadRequest, $"lang '{lang}' is not a language notices are written in; expected en or ar.");
        }

        var entry = (await store.GetPublicationsAsync(true, ct)).FirstOrDefault(e => e.Sequence == sequence);
        if (entry is null)
        {
            return Problems.Result("publication.unknown", StatusCodes.Status404NotFound, $"No publication {sequence}.");
        }

        using var doc = System.Text.Json.JsonDocument.Parse(entry.Content);
        var asOf = DateOnly.ParseExact(doc.RootElement.GetProperty("as_of").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var registry = new ProtectionRegistry(await store.GetZonesAsync(ct), await store.GetOrdersAsync(ct));
        var language = string.Equals(lang, "ar", StringComparison.OrdinalIgnoreCase) ? Language.Arabic : Language.English;
        string text = Bulletin.ForPublication(entry.Sequence, entry.PublishedAt, PublicationKey.Fingerprint(entry.PublicKey), asOf,
            registry.ZonesAsOf(asOf), registry.BlocksUnderOrderAsOf(asOf), language);
        return TypedResults.Text(text, "text/plain; charset=utf-8");
    }

    public sealed record PublicKeyInfo(string PublicKey, string Fingerprint);

    public static async Task<Results<Ok<PublicKeyInfo>, ProblemHttpResult>> PublicationKeyInfo(IHavenStore store, CancellationToken ct)
    {
        var all = await store.GetPublicationsAsync(false, ct);
        var latest = all.Count == 0 ? null : all[^1];
        return latest is null
            ? Problems.Result("publication.none", StatusCodes.Status404NotFound, "Nothing has been published yet, so there is no signing key to show.")
            : TypedResults.Ok(new PublicKeyInfo(latest.PublicKey, PublicationKey.Fingerprint(latest.PublicKey)));
    }
}
