using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Haven.Server.Apis;

/// <summary>ProblemDetails with a stable machine-readable code in <c>extensions.code</c>.</summary>
public static class Problems
{
    public static ProblemDetails Create(string code, int status, string detail)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = status switch
            {
                StatusCodes.Status400BadRequest => "Bad request",
                StatusCodes.Status401Unauthorized => "Unauthorized",
                StatusCodes.Status403Forbidden => "Forbidden",
                StatusCodes.Status404NotFound => "Not found",
                StatusCodes.Status413PayloadTooLarge => "Payload too large",
                _ => "Error",
            },
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        return problem;
    }

    /// <summary>The problem as an <c>application/problem+json</c> response.</summary>
    public static ProblemHttpResult Result(string code, int status, string detail) => TypedResults.Problem(Create(code, status, detail));
}
