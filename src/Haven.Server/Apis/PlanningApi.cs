using Haven.Server.Caches;
using Haven.Workflows.PlanningAnswers;
using System.Globalization;
using System.Text;
using Haven.Planning;
using Haven.Planning.Capacity;
using Haven.Server.Extensions;
using Haven.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Haven.Server.Apis;

/// <summary>
/// The planning questions over HTTP, public like the map: capacity against Sphere, habitable housing, return
/// feasibility, aid needs and gaps, and an allocation plan. JSON by default; <c>format=csv</c> for HXL CSV.
/// </summary>
public static class PlanningApi
{
    public static IEndpointRouteBuilder MapPlanningApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/planning").WithTags("Planning").RequireRateLimiting(LimitExtensions.PublicPolicy);
        api.MapGet("/capacity", Capacity).WithName("Capacity").AnswersJsonOrCsv<IReadOnlyList<CapacityReport>>()
            .WithSummary("Space, density and each Sphere standard per area (or one area, or a zone with people=) as of asOf.");
        api.MapGet("/housing", Housing).WithName("Housing").AnswersJsonOrCsv<IReadOnlyList<HousingReport>>().WithSummary("Habitable housing per area and block: intact structures x household size against people.");
        api.MapGet("/return", Return).WithName("Return").AnswersJsonOrCsv<ReturnReport>()
            .WithSummary("Can people in area 'from' go back to area 'to' as of asOf: housing, services, orders, Sphere before and after, blocks ranked.");
        api.MapGet("/aid/needs", Needs).WithName("AidNeeds").AnswersJsonOrCsv<AidNeedsAnswer>().WithSummary("Daily needs per area and the gap against deliveries per day from asOf to 'to'.");
        api.MapGet("/aid/plan", Plan).WithName("AidPlan").AnswersJsonOrCsv<Haven.Planning.Aid.AidPlan>()
            .WithSummary("Share what is available of a commodity so that the largest unmet share is smallest; unreachable areas get nothing.");
        api.MapGet("/aid/deliveries", DeliveriesAnswer).WithName("AidDeliveries").AnswersJsonOrCsv<Haven.Planning.Aid.DeliveryReport>()
            .WithSummary("Trucks, tonnes and kcal that entered per period and source (by=month,crossing,category,route); sources side by side with their difference, never added. format=csv gives the rows; table=compare the side-by-side rows.");
        api.MapGet("/aid/gap", GapAnswer).WithName("AidFoodGap").AnswersJsonOrCsv<Haven.Planning.Aid.FoodGapReport>()
            .WithSummary("Food that arrived against what the people present need, for scope=strip or a region (north): kcal per person per day, share of 2,100, the gap and trucks a day to close it, per period and source; together= counts sources of different consignments together.");
        api.MapGet("/trends", Trends).WithName("AreaTrends").AnswersJsonOrCsv<IReadOnlyList<AreaTrend>>()
            .WithSummary("Per area and date from 'from' to 'to' (each date something changes): structures, damaged share with its interval, people, displaced, density, m2 per person against 45.");
        return app;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Capacity([FromQuery] string? asOf, [FromQuery] string? area, [FromQuery] string? zone, [FromQuery] long? people,
        [FromQuery] string? phase, [FromQuery] string? format, IHavenStore store, PlanningCache planning, TimeProvider time, CancellationToken ct)
    {
        if (people is < 0)
        {
            return PeopleProblem(people.Value);
        }

        var (inputs, problem) = await LoadAsync(asOf, phase, format, planning, time, ct);
        if (problem is not null)
        {
            return problem;
        }

        var reports = await PlanningQueries.CapacityAsync(store, inputs!, area, zone, people, null, ct);
        return !reports.Succeeded ? Problems.Result(reports.Problem!.Code, StatusCodes.Status404NotFound, reports.Problem.Message)
            : Answer(format, () => PlanningCsv.Capacity(reports.Value), reports.Value);
    }

    private static ProblemHttpResult PeopleProblem(long people) =>
        Problems.Result("query.people", StatusCodes.Status400BadRequest, $"people is {people}; expected a number of people, 0 or more.");

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Housing([FromQuery] string? asOf, [FromQuery] string? area, [FromQuery] string? format, PlanningCache planning, TimeProvider time, CancellationToken ct)
    {
        var (inputs, problem) = await LoadAsync(asOf, null, format, planning, time, ct);
        if (problem is not null)
        {
            return problem;
        }

        var rows = PlanningQueries.Housing(inputs!, area);
        return !rows.Succeeded ? Problems.Result(rows.Problem!.Code, StatusCodes.Status404NotFound, rows.Problem.Message)
            : Answer(format, () => PlanningCsv.Housing(rows.Value), rows.Value);
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Return([FromQuery] string? from, [FromQuery] string? to, [FromQuery] long? people, [FromQuery] string? asOf,
        [FromQuery] string? format, PlanningCache planning, TimeProvider time, CancellationToken ct)
    {
        if (from is null || to is null)
        {
            return Problems.Result("query.areas", StatusCodes.Status400BadRequest, "Give from and to: the P-codes of the area people are in and the area they would go back to.");
        }

        if (people is < 0)
        {
            return PeopleProblem(people.Value);
        }

        var (inputs, problem) = await LoadAsync(asOf, null, format, planning, time, ct);
        if (problem is not null)
        {
            return problem;
        }

        var report = ReturnPlanner.Assess(inputs!.Scene, inputs.Population, from, to, people);
        return !report.Succeeded ? Problems.Result(report.Problem!.Code, StatusCodes.Status422UnprocessableEntity, report.Problem.Message)
            : Answer(format, () => PlanningCsv.ReturnBlocks(report.Value.BlockRanking), report.Value);
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Needs([FromQuery] string? asOf, [FromQuery] string? to, [FromQuery] string? format, PlanningCache planning, TimeProvider time, CancellationToken ct)
    {
        var (inputs, problem) = await LoadAsync(asOf, null, format, planning, time, ct);
        if (problem is not null)
        {
            return problem;
        }

        var last = inputs!.Scene.AsOf;
        if (to is not null && (!Query.TryDate(to, out last) || last < inputs.Scene.AsOf || last.DayNumber - inputs.Scene.AsOf.DayNumber > 366))
        {
            return Problems.Result("query.to", StatusCodes.Status400BadRequest, $"to '{to}' must be a date (YYYY-MM-DD) on or after asOf and within a year of it.");
        }

        var answer = PlanningQueries.Needs(inputs, inputs.Scene.AsOf, last);
        return Answer(format, () => PlanningCsv.Gaps(answer.Gaps), answer);
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Plan([FromQuery] string? asOf, [FromQuery] string? commodity, [FromQuery] double? available, [FromQuery] string? format,
        PlanningCache planning, TimeProvider time, CancellationToken ct)
    {
        var (inputs, problem) = await LoadAsync(asOf, null, format, planning, time, ct);
        if (problem is not null)
        {
            return problem;
        }

        var plan = PlanningQueries.Plan(inputs!, commodity ?? "food", available);
        return !plan.Succeeded ? Problems.Result(plan.Problem!.Code, StatusCodes.Status422UnprocessableEntity, plan.Problem.Message)
            : Answer(format, () => PlanningCsv.Plan(plan.Value), plan.Value);
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Trends([FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? format, PlanningCache planning, TimeProvider time, CancellationToken ct)
    {
        if (format is not (null or "json" or "csv"))
        {
            return Problems.Result("query.format", StatusCodes.Status400BadRequest, $"format '{format}' is not one Haven writes; expected json or csv.");
        }

        var source = await planning.GetAsync(ct);
        if (!source.Succeeded)
        {
            return Problems.Result(source.Problem!.Code, StatusCodes.Status422UnprocessableEntity, source.Problem.Message);
        }

        var changes = source.Value.ChangeDates();
        var last = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var first = changes.Count > 0 ? changes[0] : last;
        if ((from is not null && !Query.TryDate(from, out first)) || (to is not null && !Query.TryDate(to, out last)) || last < first)
        {
            return Problems.Result("query.dates", StatusCodes.Status400BadRequest, $"from '{from}' and to '{to}' must be dates (YYYY-MM-DD), from on or before to.");
        }

        var rows = source.Value.Memo(("trends", first, last), () => AreaTrends.For(source.Value, AreaTrends.Dates(source.Value, first, last)));
        return Answer(format, () => AreaTrends.Csv(rows), rows);
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> DeliveriesAnswer([FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? by,
        [FromQuery] string? table, [FromQuery] string? format, PlanningCache planning, CancellationToken ct)
    {
        if (format is not (null or "json" or "csv") || table is not (null or "rows" or "compare"))
        {
            return Problems.Result("query.format", StatusCodes.Status400BadRequest, $"format '{format}' and table '{table}': expected format json or csv, and table rows or compare.");
        }

        var grouping = Haven.Planning.Aid.DeliveryGrouping.Parse(by);
        if (!grouping.Succeeded)
        {
            return Problems.Result(grouping.Problem!.Code, StatusCodes.Status400BadRequest, grouping.Problem.Message.Replace("--by (by)", "by", StringComparison.Ordinal));
        }

        var source = await planning.GetAsync(ct);
        if (!source.Succeeded)
        {
            return Problems.Result(source.Problem!.Code, StatusCodes.Status422UnprocessableEntity, source.Problem.Message);
        }

        var all = source.Value.Memo("arrivals", () => Haven.Planning.Aid.Deliveries.All(source.Value.Data));
        DateOnly first = all.Count > 0 ? all.Min(a => a.Date) : default, last = all.Count > 0 ? all.Max(a => a.Date) : default;
        if ((from is not null && !Query.TryDate(from, out first)) || (to is not null && !Query.TryDate(to, out last)) || last < first)
        {
            return Problems.Result("query.dates", StatusCodes.Status400BadRequest, $"from '{from}' and to '{to}' must be dates (YYYY-MM-DD), from on or before to.");
        }

        var report = source.Value.Memo(("deliveries", first, last, grouping.Value), () => Haven.Planning.Aid.Deliveries.Report(all, first, last, grouping.Value));
        return Answer(format, () => table == "compare" ? PlanningCsv.DeliveryComparisons(report) : PlanningCsv.Deliveries(report), report);
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GapAnswer([FromQuery] string? scope, [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? by,
        [FromQuery] string? together, [FromQuery] string? format, PlanningCache planning, CancellationToken ct)
    {
        if (format is not (null or "json" or "csv"))
        {
            return Problems.Result("query.format", StatusCodes.Status400BadRequest, $"format '{format}' is not one Haven writes; expected json or csv.");
        }

        var grouping = Haven.Planning.Aid.DeliveryGrouping.Parse(by);
        if (!grouping.Succeeded || grouping.Value.Crossing || grouping.Value.Category || grouping.Value.Route)
        {
            return Problems.Result("query.by", StatusCodes.Status400BadRequest, $"by '{by}': the gap is per period only; expected day, week or month.");
        }

        var source = await planning.GetAsync(ct);
        if (!source.Succeeded)
        {
            return Problems.Result(source.Problem!.Code, StatusCodes.Status422UnprocessableEntity, source.Problem.Message);
        }

        string where = scope ?? Haven.Planning.Aid.FoodGaps.Strip;
        var all = source.Value.Memo("arrivals", () => Haven.Planning.Aid.Deliveries.All(source.Value.Data));
        var mine = all.Where(a => where == Haven.Planning.Aid.FoodGaps.Strip ? a.Destination is null : a.Destination == where).ToList();
        DateOnly first = mine.Count > 0 ? mine.Min(a => a.Date) : default, last = mine.Count > 0 ? mine.Max(a => a.Date) : default;
        if ((from is not null && !Query.TryDate(from, out first)) || (to is not null && !Query.TryDate(to, out last)) || last < first || last.DayNumber - first.DayNumber > 3660)
        {
            return Problems.Result("query.dates", StatusCodes.Status400BadRequest, $"from '{from}' and to '{to}' must be dates (YYYY-MM-DD), from on or before to, at most ten years apart.");
        }

        var names = together?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var report = source.Value.Memo(("gap", where, first, last, grouping.Value.Period, together ?? ""),
            () => new GapMemo(FoodGapQuery.For(source.Value, where, first, last, grouping.Value, names)));
        return !report.Outcome.Succeeded
            ? Problems.Result(report.Outcome.Problem!.Code, StatusCodes.Status422UnprocessableEntity, report.Outcome.Problem.Message.Replace("--scope (scope)", "scope", StringComparison.Ordinal).Replace("--together (together)", "together", StringComparison.Ordinal))
            : Answer(format, () => PlanningCsv.FoodGaps(report.Outcome.Value), report.Outcome.Value);
    }

    /// <summary>An outcome kept in the planning memo, which holds reference types.</summary>
    private sealed record GapMemo(Haven.Geo.Outcome<Haven.Planning.Aid.FoodGapReport> Outcome);

    private static async Task<(PlanningInputs? Inputs, ProblemHttpResult? Problem)> LoadAsync(string? asOf, string? phase, string? format, PlanningCache planning, TimeProvider time, CancellationToken ct)
    {
        if (format is not (null or "json" or "csv"))
        {
            return (null, Problems.Result("query.format", StatusCodes.Status400BadRequest, $"format '{format}' is not one Haven writes; expected json or csv."));
        }

        if (!Query.AsOf(asOf, time, out var date))
        {
            return (null, Query.AsOfProblem(asOf));
        }

        if (phase is not (null or "first" or "later"))
        {
            return (null, Problems.Result("query.phase", StatusCodes.Status400BadRequest, $"phase '{phase}' must be first or later."));
        }

        var standards = SphereStandards.Default with { Phase = phase == "later" ? ResponsePhase.Later : ResponsePhase.First };
        var source = await planning.GetAsync(ct);
        return source.Succeeded ? (source.Value.On(date, standards), null) : (null, Problems.Result(source.Problem!.Code, StatusCodes.Status422UnprocessableEntity, source.Problem.Message));
    }

    private static ContentHttpResult Answer<T>(string? format, Func<string> csv, T value) =>
        // A byte order mark, so that spreadsheets read the Arabic names as UTF-8.
        format == "csv" ? TypedResults.Text("\uFEFF" + csv(), "text/csv; charset=utf-8", Encoding.UTF8) : TypedResults.Text(PlanningJson.Write(value), "application/json; charset=utf-8", Encoding.UTF8);
}
