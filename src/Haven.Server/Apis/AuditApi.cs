using System.Text;
using Haven.Server.Security;
using Haven.Storage;
using Haven.Workflows.Access;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Haven.Server.Apis;

/// <summary>The audit log of writes (admin), as JSON or CSV.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Audit");
        api.MapGet("/audit", Audit).WithName("Audit").RequireAuthorization(Policies.Admin)
            .AnswersJsonOrCsv<IReadOnlyList<AuditRow>>()
            .WithSummary("The audit log of writes, as JSON or CSV (format=csv), after a sequence number.");
        return app;
    }

    public static async Task<Results<FileContentHttpResult, ContentHttpResult, ProblemHttpResult>> Audit([FromQuery] long? after, [FromQuery] int? limit, [FromQuery] string? format, IHavenStore store, CancellationToken ct)
    {
        if (limit is < 1 or > 10_000)
        {
            return Problems.Result("query.limit", StatusCodes.Status400BadRequest, "limit must be between 1 and 10,000.");
        }

        var entries = await store.GetAuditAsync(after ?? 0, limit ?? 1000, ct);
        return format?.ToLowerInvariant() switch
        {
            null or "json" => TypedResults.Bytes(AuditExport.Json(entries), "application/json"),
            "csv" => TypedResults.Text(AuditExport.Csv(entries), "text/csv", Encoding.UTF8),
            _ => Problems.Result("query.format", StatusCodes.Status400BadRequest, $"format '{format}' is not json or csv."),
        };
    }
}
