using System.Globalization;
using Haven.Protection.Orders;
using Haven.Protection.Sites;
using Haven.Protection.Zones;
using Haven.Server.Caches;
using Haven.Server.Extensions;
using Haven.Server.Security;
using Haven.Storage.Access;
using Haven.Storage.Importers;
using Haven.Storage;
using Haven.Workflows.Access;
using Haven.Workflows.Importers;
using Haven.Workflows.Layers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Haven.Server.Apis;

/// <summary>Edits of one zone, site or order (coordinator), each checked by the domain's rules and recorded in the audit log with the change.</summary>
public static class EditsApi
{
    public static IEndpointRouteBuilder MapEditsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Edits");
        api.MapPut("/zones/{id}", PutZone).WithName("PutZone").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Add a zone or a new version of it: a GeoJSON Feature with kind, name_en, name_ar, valid_from and optional valid_to.");
        api.MapPut("/sites/{id}", PutSite).WithName("PutSite").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Add or change a site: a GeoJSON Point Feature with kind, name_en, name_ar, status and status_since.");
        api.MapPut("/orders/{id}", PutOrder).WithName("PutOrder").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Add or change an evacuation order: JSON or a Feature whose properties give blocks, effective_from and optional lifted_on.");
        return app;
    }

    public static Task<Results<Ok<WriteResult>, ProblemHttpResult>> PutZone(string id, HttpRequest request, IHavenStore store, IOptions<HavenOptions> options,
        StoreCaches cache, TimeProvider time, CancellationToken ct) =>
        EditAsync(id, request, store, options.Value, cache, time, "zone", needsGeometry: true, async feature =>
        {
            var p = feature.Attributes;
            if (feature.Geometry is not (Polygon or MultiPolygon))
            {
                return (null, "a zone's geometry must be a Polygon or MultiPolygon");
            }

            if (Text(p, "name_en") is not { } en || Text(p, "name_ar") is not { } ar || Date(p, "valid_from") is not { } from)
            {
                return (null, "a zone needs name_en, name_ar and valid_from (YYYY-MM-DD)");
            }

            DateOnly? to = Date(p, "valid_to");
            if (Text(p, "valid_to") is not null && to is null || to <= from)
            {
                return (null, "valid_to must be a date (YYYY-MM-DD) after valid_from");
            }

            var zone = new Zone(id, 1, Text(p, "kind") ?? "humanitarian", en, ar, from, to, feature.Geometry, Text(p, "source") ?? "api");
            var before = (await store.GetZonesAsync(ct)).Where(z => z.Id == id).MaxBy(z => z.Version);
            var batch = new LayerBatch("request body", ReferenceLayerKind.Zone);
            batch.Zones.Add(zone);
            return (new Edit(batch, before is null ? null : AuditDigest.ZoneText(before),
                async () => AuditDigest.ZoneText((await store.GetZonesAsync(ct)).Where(z => z.Id == id).MaxBy(z => z.Version)!)), null);
        }, ct);

    public static Task<Results<Ok<WriteResult>, ProblemHttpResult>> PutSite(string id, HttpRequest request, IHavenStore store, IOptions<HavenOptions> options,
        StoreCaches cache, TimeProvider time, CancellationToken ct) =>
        EditAsync(id, request, store, options.Value, cache, time, "site", needsGeometry: true, async feature =>
        {
            var p = feature.Attributes;
            if (feature.Geometry is not Point)
            {
                return (null, "a site's geometry must be a Point");
            }

            if (!SiteKinds.TryParse(Text(p, "kind"), out var kind))
            {
                return (null, $"kind '{Text(p, "kind")}' is not a site kind; expected one of {string.Join(", ", Enum.GetValues<SiteKind>().Select(x => x.ToCode()))}");
            }

            if (Text(p, "name_en") is not { } en || Text(p, "name_ar") is not { } ar || Text(p, "status") is not { } status || Date(p, "status_since") is not { } since)
            {
                return (null, "a site needs name_en, name_ar, status and status_since (YYYY-MM-DD)");
            }

            var site = new Site(id, kind, en, ar, feature.Geometry, status, since, Text(p, "source") ?? "api");
            var before = (await store.GetSitesAsync(ct)).FirstOrDefault(s => s.Id == id);
            var batch = new LayerBatch("request body", ReferenceLayerKind.Health);
            batch.Sites.Add(site);
            return (new Edit(batch, before is null ? null : AuditDigest.SiteText(before),
                async () => AuditDigest.SiteText((await store.GetSitesAsync(ct)).First(s => s.Id == id))), null);
        }, ct);

    public static Task<Results<Ok<WriteResult>, ProblemHttpResult>> PutOrder(string id, HttpRequest request, IHavenStore store, IOptions<HavenOptions> options,
        StoreCaches cache, TimeProvider time, CancellationToken ct) =>
        EditAsync(id, request, store, options.Value, cache, time, "order", needsGeometry: false, async feature =>
        {
            var p = feature.Attributes;
            if (Date(p, "effective_from") is not { } from)
            {
                return (null, Text(p, "effective_from") is { } f ? $"effective_from: \"{f}\" is not a date (YYYY-MM-DD)" : "effective_from: an order needs the date it takes effect (YYYY-MM-DD)");
            }

            var blocks = p.Exists("blocks") && p["blocks"] is IEnumerable<object> list
                ? list.Select(b => int.TryParse(Convert.ToString(b, CultureInfo.InvariantCulture), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : -1).ToList()
                : [];
            if (blocks.Count == 0 || blocks.Any(b => b < 0))
            {
                return (null, "blocks: an order needs a list of block numbers (whole numbers from 0)");
            }

            DateOnly? lifted = Date(p, "lifted_on");
            if (Text(p, "lifted_on") is { } liftedText && lifted is null)
            {
                return (null, $"lifted_on: \"{liftedText}\" is not a date (YYYY-MM-DD); leave it out for an order still in force");
            }

            bool safe = p.Exists("declares_safe") && p["declares_safe"] is true;
            DateTimeOffset issued = new(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            if (Text(p, "issued_at") is { } issuedText
                && !DateTimeOffset.TryParse(issuedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out issued))
            {
                return (null, $"issued_at: \"{issuedText}\" is not a date and time (ISO 8601, e.g. 2024-01-02T08:30:00Z); leave it out to use effective_from");
            }

            var order = new EvacuationOrder(id, issued, from, lifted, blocks, Text(p, "status_en") ?? (safe ? "Safe" : "Evacuate"),
                Text(p, "status_ar") ?? (safe ? "آمن" : "إخلاء"), Text(p, "source") ?? "api", safe);
            var before = (await store.GetOrdersAsync(ct)).FirstOrDefault(o => o.Id == id);
            var batch = new LayerBatch("request body", ReferenceLayerKind.Orders);
            batch.Orders.Add(order);
            return (new Edit(batch, before is null ? null : AuditDigest.OrderText(before),
                async () => AuditDigest.OrderText((await store.GetOrdersAsync(ct)).First(o => o.Id == id))), null);
        }, ct);

    private sealed record Edit(LayerBatch Batch, string? Before, Func<Task<string>> After);

    private static async Task<Results<Ok<WriteResult>, ProblemHttpResult>> EditAsync(string id, HttpRequest request, IHavenStore store, HavenOptions options,
        StoreCaches cache, TimeProvider time, string what, bool needsGeometry, Func<IFeature, Task<(Edit? Edit, string? Problem)>> build, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > 200)
        {
            return Problems.Result("edit.id", StatusCodes.Status400BadRequest, $"A {what} id must be 1 to 200 characters.");
        }

        var stored = await StoredReferences.LoadAsync(store, ct);
        IFeature feature;
        if (needsGeometry)
        {
            var (file, problem) = await RequestBodies.ReadGeoJsonAsync(request, options.MaxEditBytes, options.MaxVerticesPerFeature, ct, stored.Extent);
            if (problem is not null)
            {
                return problem;
            }

            if (file!.Features.Count != 1)
            {
                return Problems.Result("edit.features", StatusCodes.Status422UnprocessableEntity, $"Expected one GeoJSON Feature describing the {what}; found {file.Features.Count}.");
            }

            feature = file.Features[0].Feature;
        }
        else
        {
            var (properties, problem) = await RequestBodies.ReadPropertiesAsync(request, options.MaxEditBytes, ct);
            if (problem is not null)
            {
                return problem;
            }

            feature = new Feature(null, properties);
        }

        var (edit, invalid) = await build(feature);
        if (edit is null)
        {
            return Problems.Result($"{what}.invalid", StatusCodes.Status422UnprocessableEntity, $"{what} {id}: {invalid}.");
        }

        if (LayerChecks.Apply([edit.Batch], stored) > 0)
        {
            return Problems.Result($"{what}.invalid", StatusCodes.Status422UnprocessableEntity, edit.Batch.Problems[^1].Reason);
        }

        var (counts, seq) = await Audited.WriteAsync(store, time, Policies.Actor(request.HttpContext.User), $"{what} put", $"{what} {id}", async () =>
        {
            var c = await store.UpsertLayersAsync([edit.Batch], null, ct);
            return new AuditedWrite<UpsertCounts>(c, edit.Before, await edit.After(), c.Added > 0 ? "added" : c.Changed > 0 ? "changed" : "unchanged");
        }, ct);
        cache.Invalidate();
        return TypedResults.Ok(new WriteResult($"{what} put", $"{what} {id}", counts.Added, counts.Changed, counts.Unchanged, seq));
    }

    private static string? Text(IAttributesTable p, string name) =>
        p.Exists(name) && p[name] is { } v && Convert.ToString(v, CultureInfo.InvariantCulture) is { Length: > 0 } s ? s.Trim() : null;

    private static DateOnly? Date(IAttributesTable p, string name) =>
        Query.TryDate(Text(p, name), out var d) ? d : null;
}
