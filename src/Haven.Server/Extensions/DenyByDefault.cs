using System.Text.Encodings.Web;
using Haven.Server.Apis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Haven.Server.Extensions;

/// <summary>
/// The authentication scheme until API keys exist: it authenticates nobody, so every endpoint behind the
/// <see cref="WritePolicy"/> answers 401 with ProblemDetails. Reads stay anonymous.
/// </summary>
public sealed class DenyByDefault(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "haven";

    /// <summary>The one policy every write endpoint (zones, sites, orders, publishing) requires.</summary>
    public const string WritePolicy = "protection.write";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Response.WriteAsJsonAsync(Problems.Create("auth.required", StatusCodes.Status401Unauthorized,
            "Writing zones, sites, orders and publications needs a coordinator's API key; none is accepted yet."), (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Response.WriteAsJsonAsync(Problems.Create("auth.forbidden", StatusCodes.Status403Forbidden, "This key's role may not write protection data."),
            (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
