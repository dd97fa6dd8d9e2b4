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

/// <summary>What an import of aid records did: the format recognised, rows read, imported and not (each with its reason), the source's caveats.</summary>
public sealed record AidImportAnswer(string Format, string Source, int RowsRead, int Imported, int Replaced, IReadOnlyList<Haven.Planning.Aid.SkippedRow> Skipped,
    IReadOnlyList<string> Caveats, long Sequence, string Note);

/// <summary>Imports of GeoJSON layers (analyst), refused whole when any feature is bad, recorded in the audit log with the change.</summary>
public static class ImportApi
{
    public static IEndpointRouteBuilder MapImportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Imports");
        api.MapPost("/import/damage-sites", ImportDamageSites).WithName("ImportDamageSites").RequireAuthorization(Policies.Analyst)
            .WithSummary("Store a UNOSAT damage-site layer (GeoJSON points, cls_YYYYMMDD or SensorDate / Main_Damage_Site_Class) under ?id=; a stored id is replaced only with ?replace=true. Audited.");
        api.MapPost("/import/aid", ImportAid).WithName("ImportAid").RequireAuthorization(Policies.Analyst)
            .WithSummary("Import aid records as published, the file as the body: UNRWA's supply workbook (.xlsx) or CSV, COGAT's list, a truck log, or a research table of a region's population or deliveries (region= when it does not name it). A stored source is replaced only with replace=true. Audited.");
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

    public static async Task<Results<Ok<AidImportAnswer>, ProblemHttpResult>> ImportAid(HttpRequest request, [FromQuery] string? name, [FromQuery] string? region, [FromQuery] bool? replace,
        IHavenStore store, IOptions<HavenOptions> options, StoreCaches cache, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        // A workbook or a CSV file, whatever content type the client gives it; CSV is checked to be UTF-8 when read.
        var (body, problem) = await RequestBodies.ReadBytesAsync(request, options.Value.MaxImportBytes, ct, text: false);
        if (problem is not null)
        {
            return problem;
        }

        // The name stands for the file in messages and names research tables' sources; only its last part is kept.
        string file = string.IsNullOrWhiteSpace(name) ? "request body" : Path.GetFileName(name.Trim());
        var read = Haven.Planning.Aid.AidRecords.Read(body!, file, null, region);
        if (!read.Succeeded)
        {
            return Problems.Result(read.Problem!.Code, read.Problem.Code == "aid.region" ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity,
                read.Problem.Message.Replace("--region (region=)", "region=", StringComparison.Ordinal));
        }

        var imported = await AidImport.ImportAsync(store, time, Policies.Actor(request.HttpContext.User), read.Value, replace ?? false, ct);
        if (!imported.Succeeded)
        {
            return Problems.Result(imported.Problem!.Code, imported.Problem.Code == "aid.exists" ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
                imported.Problem.Message.Replace("--replace (replace=true)", "replace=true", StringComparison.Ordinal));
        }

        cache.Invalidate();
        var r = imported.Value;
        return TypedResults.Ok(new AidImportAnswer(r.Read.Format, r.Read.Source, r.Read.RowsRead, r.Imported, r.Replaced, r.Read.Skipped, r.Read.Caveats, r.Sequence, r.Note));
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
