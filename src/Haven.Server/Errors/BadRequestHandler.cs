using Haven.Server.Apis;
using Microsoft.AspNetCore.Diagnostics;

namespace Haven.Server.Errors;

/// <summary>
/// Requests the server itself finds malformed while a handler reads them (a chunked body past its limit, a
/// broken multipart body) answer with their own 4xx as ProblemDetails, never a 500.
/// </summary>
public sealed class BadRequestHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var (status, code, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (StatusCodes.Status413PayloadTooLarge, "body.too_large", "The body is over the limit this endpoint takes."),
            BadHttpRequestException b => (b.StatusCode, Problems.CodeFor(b.StatusCode), "The request could not be read: " + b.Message),
            InvalidDataException => (StatusCodes.Status400BadRequest, "body.malformed", "The body could not be read as its content type says."),
            _ => (0, "", ""),
        };
        if (status == 0 || httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = status;
        await httpContext.Response.WriteAsJsonAsync(Problems.Create(code, status, detail), (System.Text.Json.JsonSerializerOptions?)null,
            "application/problem+json", cancellationToken);
        return true;
    }
}
