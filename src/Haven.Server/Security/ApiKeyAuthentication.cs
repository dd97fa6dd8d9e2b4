using Haven.Workflows.Access;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Haven.Server.Apis;
using Haven.Storage;
using Haven.Storage.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Haven.Server.Security;

/// <summary>
/// API keys sent as <c>Authorization: Bearer hvn_…</c>. No header: the caller is anonymous (lookups and
/// published data). A key is checked against the store on every request, so a revoked key stops at once.
/// Every refusal is ProblemDetails: 401 <c>auth.required</c> or <c>auth.invalid</c>, 403 <c>auth.forbidden</c>.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IHavenStore store)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    private const string FailureKey = "haven.auth.failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        string? failure = null;
        ApiKeyRecord? record = null;
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || !ApiKeys.TryParse(header[7..].Trim(), out string id, out string secret))
        {
            failure = "The Authorization header must read 'Bearer hvn_…', with a key from `haven keys create`.";
        }
        else
        {
            record = await store.GetApiKeyAsync(id, Context.RequestAborted);
            if (record is null || !ApiKeys.Matches(record, secret))
            {
                failure = record is { Revoked: true } ? $"Key {id} was revoked." : "This API key is not known.";
            }
        }

        if (failure is not null)
        {
            Context.Items[FailureKey] = failure;
            return AuthenticateResult.Fail(failure);
        }

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, record!.Id), new(ClaimTypes.Name, record.Name), new(Policies.RoleClaim, record.Role.ToCode()) };
        claims.AddRange(record.Role.AndBelow().Select(r => new Claim(ClaimTypes.Role, r.ToCode())));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var problem = Context.Items[FailureKey] is string failure
            ? Problems.Create("auth.invalid", StatusCodes.Status401Unauthorized, failure)
            : Problems.Create("auth.required", StatusCodes.Status401Unauthorized, "This needs an API key, sent as 'Authorization: Bearer <key>'.");
        await Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        string held = Context.User.FindFirstValue(Policies.RoleClaim) ?? "anonymous";
        await Response.WriteAsJsonAsync(Problems.Create("auth.forbidden", StatusCodes.Status403Forbidden, $"This key's role, {held}, may not do this."),
            (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}

/// <summary>The authorisation policies, one per role; each role includes those below it.</summary>
public static class Policies
{
    public const string RoleClaim = "haven:role";
    public const string Analyst = "analyst";
    public const string Coordinator = "coordinator";
    public const string Admin = "admin";

    /// <summary>Who made a request, for the audit log: the key's id and role.</summary>
    public static string Actor(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return $"key:{user.FindFirstValue(ClaimTypes.NameIdentifier)} ({user.FindFirstValue(RoleClaim)})";
    }
}
