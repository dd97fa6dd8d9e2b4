using Haven.Protection.Sites;
using Haven.Server.Security;
using Haven.Storage.Access;
using Haven.Storage;
using Haven.Workflows.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Haven.Server.Apis;

/// <summary>API keys (admin): list, create (shown once), revoke; each change audited.</summary>
public static class KeysApi
{
    public static IEndpointRouteBuilder MapKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Keys");
        api.MapGet("/keys", ListKeys).WithName("ListKeys").RequireAuthorization(Policies.Admin).WithSummary("API keys (never the keys themselves).");
        api.MapPost("/keys", CreateKey).WithName("CreateKey").RequireAuthorization(Policies.Admin).WithSummary("Create an API key; the key is in this response only.");
        api.MapDelete("/keys/{id}", RevokeKey).WithName("RevokeKey").RequireAuthorization(Policies.Admin).WithSummary("Revoke an API key at once.");
        return app;
    }

    public sealed record KeyInfo(string Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

    public sealed record NewKeyRequest(string? Role, string? Name);

    public sealed record NewKey(string Id, string Name, string Role, string Key);

    public static async Task<Ok<KeyInfo[]>> ListKeys(IHavenStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListApiKeysAsync(ct)).Select(k => new KeyInfo(k.Id, k.Name, k.Role.ToCode(), k.CreatedAt, k.RevokedAt)).ToArray());

    public static async Task<Results<Created<NewKey>, ProblemHttpResult>> CreateKey(NewKeyRequest body, HttpContext context, IHavenStore store, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(context);
        if (!Roles.TryParseKeyRole(body.Role, out var role))
        {
            return Problems.Result("key.role", StatusCodes.Status422UnprocessableEntity, $"role '{body.Role}' is not a key role; expected analyst, coordinator or admin.");
        }

        var created = await KeyAdmin.CreateAsync(store, time, Policies.Actor(context.User), role, body.Name, ct);
        if (!created.Succeeded)
        {
            return Problems.Result(created.Problem!.Code, StatusCodes.Status422UnprocessableEntity, created.Problem.Message);
        }

        var (record, key) = created.Value;
        return TypedResults.Created($"/api/keys/{record.Id}", new NewKey(record.Id, record.Name, role.ToCode(), key));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(string id, HttpContext context, IHavenStore store, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await KeyAdmin.RevokeAsync(store, time, Policies.Actor(context.User), id, ct) switch
        {
            "not_found" => Problems.Result("key.not_found", StatusCodes.Status404NotFound, $"There is no key {id}."),
            "already_revoked" => Problems.Result("key.revoked", StatusCodes.Status409Conflict, $"Key {id} was already revoked."),
            _ => TypedResults.NoContent(),
        };
    }
}
