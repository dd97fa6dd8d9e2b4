using Haven.Geo;
using Haven.Server.Caches;
using Haven.Server.Extensions;
using Haven.Server.Security;
using Haven.Storage;
using Haven.Workflows.Access;
using Haven.Workflows.Assessments;
using Haven.Workflows.Importers;
using Haven.Workflows.Layers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Haven.Server.Apis;

/// <summary>A stored damage-site layer and the audit sequence of its import (0 when the same file was already stored).</summary>
public sealed record DamageSiteImport(Haven.Damage.Unosat.DamageSiteLayerInfo Layer, long Sequence);

/// <summary>Imports of GeoJSON layers (analyst), refused whole when any feature is bad, recorded in the audit log with the change.</summary>
public static class ImportApi
{
    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Imports");
        api.MapPost("/import/damage-sites", ImportDamageSites).WithName("ImportDamageSites").RequireAuthorization(Policies.Analyst)
            .WithSummary("Store a UNOSAT damage-site layer (GeoJSON points, cls_YYYYMMDD or SensorDate / Main_Damage_Site_Class) under ?id=; a stored id is replaced only with ?replace=true. Audited.");
        api.MapPost("/import/{kind}", Import).WithName("Import").RequireAuthorization(Policies.Analyst)
            .WithSummary("Import a GeoJSON layer (governorates, municipalities, blocks, orders, health, places, zone); refused whole if any feature is bad.");
        return app;
    }

    public static async Task<Results<Ok<DamageSiteImport>, ProblemHttpResult>> ImportDamageSites(HttpRequest request, [FromQuery] string? id, [FromQuery] bool? replace,
        IHavenStore store, IOptions<HavenOptions> options, StoreCaches cache, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (UnosatSites.BadId(id) is { } bad)
        {
            return Problems.Result(bad.Code, StatusCodes.Status400BadRequest, $"{bad.Message} Give the layer's id as ?id=.");
        }

        var (body, problem) = await RequestBodies.ReadAsync(request, options.Value.MaxImportBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        var (document, malformed) = RequestBodies.ParseJson(body!);
        if (malformed is not null)
        {
            return malformed;
        }

        Outcome<IReadOnlyList<Haven.Damage.Unosat.DamageSite>> sites;
        using (document)
        {
            sites = UnosatSites.Read(document!.RootElement, "request body");
        }

        if (!sites.Succeeded)
        {
            return Problems.Result(sites.Problem!.Code, StatusCodes.Status422UnprocessableEntity, sites.Problem.Message);
        }

        var layer = new Haven.Damage.Unosat.DamageSiteLayer(id!, "request body", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(body!)), time.GetUtcNow(), sites.Value);
        var imported = await UnosatSites.ImportAsync(store, time, Policies.Actor(request.HttpContext.User), layer, replace ?? false, ct);
        if (!imported.Succeeded)
        {
            return Problems.Result(imported.Problem!.Code, imported.Problem.Code == "unosat.exists" ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity, imported.Problem.Message);
        }

        cache.Invalidate();
        return TypedResults.Ok(new DamageSiteImport(imported.Value.Layer, imported.Value.Sequence));
    }

    public static async Task<Results<Ok<WriteResult>, ProblemHttpResult>> Import(string kind, HttpRequest request, [FromQuery] string? asOf,
        IHavenStore store, IOptions<HavenOptions> options, StoreCaches cache, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ReferenceImporter.TryParseKind(kind, out var k))
        {
            return Problems.Result("import.kind", StatusCodes.Status404NotFound,
                $"'{kind}' is not a layer Haven imports; expected governorates, municipalities, blocks, orders, health, places, zone, areas or buildings.");
        }

        var importOptions = ImportOptions.Default;
        if (asOf is not null)
        {
            if (!Query.TryDate(asOf, out var d))
            {
                return Query.AsOfProblem(asOf);
            }

            importOptions = importOptions with { AsOf = d };
        }

        var o = options.Value;
        var stored = await StoredReferences.LoadAsync(store, ct);
        var (file, problem) = await RequestBodies.ReadGeoJsonAsync(request, o.MaxImportBytes, o.MaxVerticesPerFeature, ct, stored.Extent);
        if (problem is not null)
        {
            return problem;
        }

        var read = ReferenceImporter.Read(file!, "request body", k, importOptions);
        if (!read.Succeeded)
        {
            return Problems.Result(read.Problem!.Code, StatusCodes.Status422UnprocessableEntity, read.Problem.Message);
        }

        var batch = read.Value;
        LayerChecks.Apply([batch], stored);
        if (batch.Problems.Count > 0)
        {
            return Problems.Result("import.rows", StatusCodes.Status422UnprocessableEntity,
                $"{batch.Problems.Count} row(s) refused; nothing was written. First: {batch.Problems[0]}.");
        }

        var (counts, seq) = await Audited.LayersAsync(store, time, Policies.Actor(request.HttpContext.User), "import layers", $"{k.ToString().ToLowerInvariant()} (request body)",
            () => store.UpsertLayersAsync([batch], null, ct), c => $"{c.Added} added, {c.Changed} changed, {c.Unchanged} unchanged", ct);
        cache.Invalidate();
        return TypedResults.Ok(new WriteResult("import layers", k.ToString().ToLowerInvariant(), counts.Added, counts.Changed, counts.Unchanged, seq));
    }
}
