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
                StatusCodes.Status405MethodNotAllowed => "Method not allowed",
                StatusCodes.Status409Conflict => "Conflict",
                StatusCodes.Status413PayloadTooLarge => "Payload too large",
                StatusCodes.Status415UnsupportedMediaType => "Unsupported media type",
                StatusCodes.Status422UnprocessableEntity => "Unprocessable entity",
                StatusCodes.Status429TooManyRequests => "Too many requests",
                StatusCodes.Status503ServiceUnavailable => "Service unavailable",
                _ => "Error",
            },
            Detail = detail,
        };
        problem.Extensions["code"] = code;
        return problem;
    }

    /// <summary>The stable code of a problem the framework raised with only a status.</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "http.bad_request",
        StatusCodes.Status401Unauthorized => "auth.required",
        StatusCodes.Status403Forbidden => "auth.forbidden",
        StatusCodes.Status404NotFound => "http.not_found",
        StatusCodes.Status405MethodNotAllowed => "http.method_not_allowed",
        StatusCodes.Status413PayloadTooLarge => "body.too_large",
        StatusCodes.Status415UnsupportedMediaType => "http.unsupported_media_type",
        StatusCodes.Status429TooManyRequests => "rate.limited",
        StatusCodes.Status504GatewayTimeout => "http.timeout",
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"http.{status}"),
    };

    /// <summary>The problem as an <c>application/problem+json</c> response.</summary>
    public static ProblemHttpResult Result(string code, int status, string detail) => TypedResults.Problem(Create(code, status, detail));
}
