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
                StatusCodes.Status404NotFound => "Not found",
                _ => "Error",
            },
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        return problem;
    }
}
