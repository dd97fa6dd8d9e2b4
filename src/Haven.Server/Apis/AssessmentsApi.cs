using Haven.Damage.Pwtt;
using Haven.Damage.Stacks;
using Haven.Server.AssessmentQueue;
using Haven.Server.Security;
using Haven.Workflows.Assessments;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Haven.Damage.Aggregation;
using Haven.Geo;
using Haven.Geo.GeoJson;
using Haven.Server.Extensions;
using Haven.Storage;
using Haven.Storage.Assessments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using static Haven.Geo.Numbers;

namespace Haven.Server.Apis;

/// <summary>
/// Damage assessments over HTTP. An analyst submits a run (it is queued and runs in the background with the
/// same code as <c>haven assess</c>) and follows its status; anyone may read a finished run's results: areas as
/// JSON or HXL CSV, buildings as GeoJSON.
/// </summary>
public static class AssessmentsApi
{
    /// <summary>Stands for the newest stored assessment in the result routes.</summary>
    public const string Latest = "latest";

    public static IEndpointRouteBuilder MapAssessmentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assessments").WithTags("Assessments");
        api.MapPost("/", Submit).WithName("SubmitAssessment").RequireAuthorization(Policies.Analyst)
            .WithSummary("Queue a damage assessment of a radar stack in the server's input folder; 202 with its id and status link.");
        api.MapGet("/", List).WithName("ListAssessments").RequireAuthorization(Policies.Analyst)
            .WithSummary("Runs this server has queued, is running or has finished, and every assessment in the store, newest first.");
        api.MapGet("/{id}", Status).WithName("AssessmentStatus").RequireAuthorization(Policies.Analyst)
            .WithSummary("One run: queued, running (stage and progress), succeeded or failed (with the problem).");
        api.MapGet("/{id}/areas", Areas).WithName("AssessmentAreas").RequireRateLimiting(LimitExtensions.PublicPolicy)
            .AlsoAnswers("text/csv")
            .WithSummary("Damaged share per area and inference date with 95% intervals, as JSON or HXL CSV (format=csv); id may be 'latest'.");
        api.MapGet("/{id}/buildings", Buildings).WithName("AssessmentBuildings").RequireRateLimiting(LimitExtensions.PublicPolicy)
            .WithSummary("Stored buildings with their damage call and score on each inference date, as GeoJSON, within an optional bbox; id may be 'latest'.");
        return app;
    }

    public sealed record RunLinks(string Self, string Areas, string AreasCsv, string Buildings);

    public sealed record RunError(string Code, string Message);

    /// <summary>Where a tiled run's tiles stand, the tiles live workers can run at once (null in one process), and the same in words.</summary>
    public sealed record RunTiles(int Total, int Done, int Running, int Retrying, int Failed, double? SecondsLeft, int? Workers, string Summary);

    /// <summary>A run as the API shows it.</summary>
    public sealed record RunView(
        string Id, string State, string Method, DateTimeOffset SubmittedAt, string? SubmittedBy, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
        string? Stage, IReadOnlyList<string> Stages, int Done, int Total, double Progress, IReadOnlyList<DateOnly>? InferenceDates, RunError? Error, RunLinks Links)
    {
        /// <summary>A tiled run's tiles (stored, running, waiting to be retried, failed; seconds left at the pace so far); null for a run not cut into tiles.</summary>
        public RunTiles? Tiles { get; init; }

        public static RunView Of(RunStatus s)
        {
            ArgumentNullException.ThrowIfNull(s);
            string self = $"/api/assessments/{Uri.EscapeDataString(s.Id)}";
            return new RunView(s.Id, s.State.ToString().ToLowerInvariant(), s.Method, s.SubmittedAt, s.SubmittedBy, s.StartedAt, s.FinishedAt, s.Stage, s.Stages,
                s.Done, s.Total, s.Progress, s.InferenceDates, s.Error is { } e ? new RunError(e.Code, e.Message) : null,
                new RunLinks(self, $"{self}/areas", $"{self}/areas?format=csv", $"{self}/buildings"))
            {
                Tiles = s.Tiles is { } t ? new RunTiles(t.Total, t.Done, t.Running, t.Retrying, t.Failed, t.Remaining?.TotalSeconds, t.Workers, t.Describe()) : null,
            };
        }

        public static RunView Of(AssessmentSummary stored)
        {
            ArgumentNullException.ThrowIfNull(stored);
            return Of(new RunStatus(stored.Id, RunState.Succeeded, stored.Method, stored.CreatedAt, null, FinishedAt: stored.CreatedAt, Stage: "stored",
                InferenceDates: stored.InferenceDates));
        }
    }

    /// <summary>Damage in one area on one date; shares are null where an area has no structures.</summary>
    public sealed record AreaView(string Code, string Name, DateOnly Date, int Structures, int Scored, int Damaged, double? Share, double? Lower95, double? Upper95, string Method)
    {
        public static AreaView Of(AreaDamage a)
        {
            ArgumentNullException.ThrowIfNull(a);
            return new AreaView(a.Code, a.Name, a.Inference, a.Structures, a.Scored, a.Damaged, Finite(a.Share), Finite(a.Lower), Finite(a.Upper), a.Method);
        }
    }

    public sealed record AreasResponse(string Assessment, IReadOnlyList<AreaView> Areas);

    public static async Task<Results<Accepted<RunView>, ProblemHttpResult>> Submit(HttpRequest request, IHavenStore store, AssessmentRuns runs,
        IOptions<HavenOptions> options, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var o = options.Value;
        var (body, problem) = await RequestBodies.ReadPropertiesAsync(request, o.MaxEditBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        var parsed = ParseRequest(body, o);
        if (!parsed.Succeeded)
        {
            return Problems.Result(parsed.Problem!.Code, StatusCodes.Status422UnprocessableEntity, parsed.Problem.Message);
        }

        var assessment = parsed.Value;
        string manifestSha = Assessor.StackFingerprint(assessment.Stack);

        var stored = (await store.ListAssessmentsAsync(ct)).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var status = runs.Submit(assessment, manifestSha, time.GetUtcNow(), Policies.Actor(request.HttpContext.User), stored);
        if (status is null)
        {
            request.HttpContext.Response.Headers.RetryAfter = "60";
            return Problems.Result("assess.queue_full", StatusCodes.Status503ServiceUnavailable,
                $"{AssessmentRuns.QueueCapacity} assessments are already waiting; submit this one again when one has finished.");
        }

        var view = RunView.Of(status);
        return TypedResults.Accepted(view.Links.Self, view);
    }

    public static async Task<Ok<IReadOnlyList<RunView>>> List(IHavenStore store, AssessmentRuns runs, CancellationToken ct)
    {
        var seen = runs.All.ToDictionary(s => s.Id, RunView.Of, StringComparer.Ordinal);
        foreach (var stored in await store.ListAssessmentsAsync(ct))
        {
            seen.TryAdd(stored.Id, RunView.Of(stored));
        }

        return TypedResults.Ok<IReadOnlyList<RunView>>([.. seen.Values.OrderByDescending(v => v.SubmittedAt).ThenBy(v => v.Id, StringComparer.Ordinal)]);
    }

    public static async Task<Results<Ok<RunView>, ProblemHttpResult>> Status(string id, IHavenStore store, AssessmentRuns runs, CancellationToken ct)
    {
        if (runs.Get(id) is { } status)
        {
            return TypedResults.Ok(RunView.Of(status));
        }

        var stored = (await store.ListAssessmentsAsync(ct)).FirstOrDefault(a => a.Id == id);
        return stored is null ? Unknown(id) : TypedResults.Ok(RunView.Of(stored));
    }

    public static async Task<Results<Ok<AreasResponse>, ContentHttpResult, ProblemHttpResult>> Areas(string id, [FromQuery] string? format, IHavenStore store, AssessmentRuns runs, CancellationToken ct)
    {
        if (format is not (null or "json" or "csv"))
        {
            return Problems.Result("query.format", StatusCodes.Status400BadRequest, $"format '{format}' is not one Haven writes; expected json or csv.");
        }

        var (resolved, problem) = await ResolveAsync(id, store, runs, ct);
        if (problem is not null)
        {
            return problem;
        }

        var areas = await store.GetAssessmentAreasAsync(resolved!, ct);
        return format == "csv"
            ? TypedResults.Text(AssessmentWriter.AreasCsv(areas), "text/csv; charset=utf-8", Encoding.UTF8)
            : TypedResults.Ok(new AreasResponse(resolved!, [.. areas.Select(AreaView.Of)]));
    }

    public static async Task<Results<GeoJsonResult, ProblemHttpResult>> Buildings(string id, [FromQuery] string? bbox, IHavenStore store, AssessmentRuns runs, CancellationToken ct)
    {
        Envelope? within = null;
        if (bbox is not null)
        {
            if (Query.Bbox(bbox) is not { } envelope)
            {
                return Query.BboxProblem(bbox);
            }

            within = envelope;
        }

        var (resolved, problem) = await ResolveAsync(id, store, runs, ct);
        if (problem is not null)
        {
            return problem;
        }

        var calls = (await store.GetBuildingDamageAsync(resolved!, ct)).ToLookup(d => d.BuildingId);
        var features = new FeatureCollection();
        foreach (var building in await store.GetBuildingsAsync(within, ct))
        {
            var perDate = calls[building.Id].OrderBy(d => d.Inference).ToList();
            if (perDate.Count == 0)
            {
                continue;
            }

            var attributes = new AttributesTable
            {
                { "id", Haven.Damage.Buildings.BuildingIds.AsJsonValue(building.Id, asNumber: true) },
                { "block", building.Block },
                { "area", building.AreaPcode },
                { "damaged", perDate[^1].Call },
                { "score", Finite(perDate[^1].Score) },
            };
            foreach (var d in perDate)
            {
                string suffix = d.Inference.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
                attributes.Add($"damaged_{suffix}", d.Call);
                attributes.Add($"score_{suffix}", Finite(d.Score));
            }

            features.Add(new Feature(Rfc7946.Prepare(building.Footprint), attributes));
        }

        return new GeoJsonResult(features);
    }

    /// <summary>The stored assessment an id names ('latest' for the newest), or the problem: unknown (404) or not finished (409).</summary>
    private static async Task<(string? Id, ProblemHttpResult? Problem)> ResolveAsync(string id, IHavenStore store, AssessmentRuns runs, CancellationToken ct)
    {
        if (id == Latest)
        {
            return await store.GetNewestAssessmentAsync(ct) is { } newest ? (newest.Id, null)
                : (null, Problems.Result("assess.none", StatusCodes.Status404NotFound, "No assessment has been stored yet."));
        }

        var stored = await store.ListAssessmentsAsync(ct);
        if (stored.Any(a => a.Id == id))
        {
            return (id, null);
        }

        return runs.Get(id) is { } run
            ? (null, Problems.Result("assess.not_finished", StatusCodes.Status409Conflict,
                run.State == RunState.Failed ? $"Assessment {id} failed: {run.Error?.Message}" : $"Assessment {id} is {run.State.ToString().ToLowerInvariant()}; its results are not stored yet."))
            : (null, Unknown(id));
    }

    private static ProblemHttpResult Unknown(string id) =>
        Problems.Result("assess.unknown", StatusCodes.Status404NotFound, $"No assessment '{id}'. GET /api/assessments lists them.");

    /// <summary>The request as the JSON body gives it, with every file resolved inside the input folder.</summary>
    private static Outcome<AssessmentRequest> ParseRequest(AttributesTable body, HavenOptions options)
    {
        string? Text(string name) => body.Exists(name) ? Convert.ToString(body[name], CultureInfo.InvariantCulture) : null;
        Outcome<string?> File(string field, bool required, bool folder = false)
        {
            if (Text(field) is not { } name)
            {
                return required ? Outcome<string?>.Failure($"assess.{field}", $"'{field}' is required: a file in the input folder.") : Outcome<string?>.Success(null);
            }

            var (path, why) = AssessmentInputsFolder.Resolve(options, field, name, folder);
            return why is null ? path : Outcome<string?>.Failure("assess.input", why);
        }

        // A number the body may give; NaN when it is there but not a finite number.
        double? Number(string field) => !body.Exists(field) || body[field] is null ? null
            : body[field] is long or double ? Convert.ToDouble(body[field], CultureInfo.InvariantCulture) : double.NaN;

        // The stack is a manifest, or a folder of Sentinel-1 products that is aligned onto one grid.
        var stack = File("stack", required: true, folder: true);
        if (!stack.Succeeded)
        {
            return stack.Problem!;
        }

        if (!TryDate(Text("event"), out var ev))
        {
            return Outcome<AssessmentRequest>.Failure("assess.event", $"'event' must be a date (YYYY-MM-DD); got '{Text("event")}'.");
        }

        var texts = body.Exists("inference") && body["inference"] is IEnumerable<object?> list
            ? list.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)).ToList()
            : (Text("inference") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => (string?)t).ToList();
        var dates = new List<DateOnly>();
        foreach (string? t in texts)
        {
            if (!TryDate(t, out var d))
            {
                return Outcome<AssessmentRequest>.Failure("assess.inference", $"'inference' must list dates (YYYY-MM-DD) after the event {ev:yyyy-MM-dd}; got '{t}'.");
            }

            dates.Add(d);
        }

        if (dates.Count == 0)
        {
            return Outcome<AssessmentRequest>.Failure("assess.inference", "'inference' is required: one or more dates (YYYY-MM-DD) after the event.");
        }

        string method = Text("method") ?? "pwtt";
        if (!AssessmentRequest.Methods.Contains(method))
        {
            return Outcome<AssessmentRequest>.Failure("assess.method", $"'method' must be pwtt or ccd; got '{method}'.");
        }

        double? threshold = Number("threshold");
        if (threshold is double given && !double.IsFinite(given))
        {
            return Outcome<AssessmentRequest>.Failure("assess.threshold", "'threshold' must be a number.");
        }

        var numbers = new Dictionary<string, double?>();
        foreach (string field in new[] { "preMonths", "postMonths", "crs", "resolution", "minCoverage", "tileSize" })
        {
            numbers[field] = Number(field);
            if (numbers[field] is double n && (double.IsNaN(n) || Math.Abs(n) > int.MaxValue || (field is "preMonths" or "postMonths" or "crs" or "tileSize" && n != Math.Floor(n))))
            {
                return Outcome<AssessmentRequest>.Failure("assess.options", $"'{field}' must be a {(field is "resolution" or "minCoverage" ? "finite number" : "whole number")}.");
            }
        }

        var pwtt = PwttOptions.Default with
        {
            PreWindowMonths = (int?)numbers["preMonths"] ?? PwttOptions.Default.PreWindowMonths,
            PostWindowMonths = (int?)numbers["postMonths"] ?? PwttOptions.Default.PostWindowMonths,
        };
        var alignment = AlignmentOptions.Default with
        {
            Epsg = (int?)numbers["crs"],
            Resolution = numbers["resolution"],
            MinCoverage = numbers["minCoverage"] ?? AlignmentOptions.Default.MinCoverage,
        };
        var buildings = File("buildings", required: false);
        var areas = File("areas", required: false);
        var labels = File("labels", required: false);
        var aoi = File("aoi", required: false);
        var labelExtent = File("labelExtent", required: false);
        foreach (var f in new[] { buildings, areas, labels, aoi, labelExtent })
        {
            if (!f.Succeeded)
            {
                return f.Problem!;
            }
        }

        // Images named by the manifest must lie in the input folder too, links followed.
        var request = new AssessmentRequest(stack.Value!, ev, dates.Distinct().Order().ToList(), method, buildings.Value, areas.Value, labels.Value, Text("labelField"), threshold,
            ConfineTo: AssessmentInputsFolder.Root(options), Pwtt: pwtt, Alignment: alignment, Aoi: aoi.Value,
            AlignmentCache: Path.Combine(options.DataDirectory, "aligned"), LabelExtent: labelExtent.Value, IdField: Text("idField"))
        { TileSize = (int?)numbers["tileSize"] };

        // Tiles handed to Hangfire workers (haven worker --db) over the PostgreSQL that holds the store.
        if (body.Exists("distribute") && body["distribute"] is not (null or bool))
        {
            return Outcome<AssessmentRequest>.Failure("assess.distribute", "'distribute' must be true or false.");
        }

        if (body.Exists("distribute") && body["distribute"] is true)
        {
            var runner = Haven.Workflows.Distributed.DistributedTiles.RunnerFor(options.Database, request.TileSize);
            if (!runner.Succeeded)
            {
                return runner.Problem! with { Message = $"'distribute': {runner.Problem.Message}" };
            }

            request = request with { TileRunner = runner.Value };
        }

        return request.Check() is { } invalid ? invalid : request;
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        Query.TryDate(text, out date);

}
