using Haven.Geo;
using Haven.Geo.Text;
using Haven.Storage;
using Haven.Storage.Access;

namespace Haven.Workflows.Access;

/// <summary>Creating and revoking API keys, each with its audit row in the same transaction; the command line and the server both call these.</summary>
public static class KeyAdmin
{
    /// <summary>Longest label a key may carry (characters).</summary>
    public const int MaxNameLength = 200;

    /// <summary>Checks a key's label: at most <see cref="MaxNameLength"/> characters, no control characters or broken Unicode.</summary>
    public static Problem? CheckName(string? name, string field = "name")
    {
        if (name is null)
        {
            return null;
        }

        if (name.Length > MaxNameLength)
        {
            return new Problem("key.name", $"{field}: {name.Length:N0} characters; a key's name takes at most {MaxNameLength}.");
        }

        return TextCheck.Problem(name, field);
    }

    /// <summary>Creates a key of a role; the record stored and the key text, to be shown once.</summary>
    public static async Task<Outcome<(ApiKeyRecord Record, string Key)>> CreateAsync(IHavenStore store, TimeProvider time, string actor, Role role, string? name,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        if (CheckName(name) is { } problem)
        {
            return problem;
        }

        var (record, key) = ApiKeys.Create(role, name ?? "", time.GetUtcNow());
        await Audited.WriteAsync(store, time, actor, "key create", record.Id, async () =>
        {
            await store.AddApiKeyAsync(record, cancellationToken);
            return new AuditedWrite<bool>(true, null, $"{record.Id}|{role.ToCode()}|{record.Hash}", $"{role.ToCode()} key '{record.Name}'");
        }, cancellationToken);
        return (record, key);
    }

    /// <summary>Revokes a key: "revoked", "not_found" or "already_revoked".</summary>
    public static async Task<string> RevokeAsync(IHavenStore store, TimeProvider time, string actor, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        var (result, _) = await Audited.WriteAsync(store, time, actor, "key revoke", id, async () =>
        {
            var before = await store.GetApiKeyAsync(id, cancellationToken);
            if (before is null)
            {
                return new AuditedWrite<string>("not_found", null, null, null);
            }

            if (!await store.RevokeApiKeyAsync(id, time.GetUtcNow(), cancellationToken))
            {
                return new AuditedWrite<string>("already_revoked", null, null, null);
            }

            return new AuditedWrite<string>("revoked", $"{id}|{before.Role.ToCode()}|{before.Hash}", $"{id}|{before.Role.ToCode()}|revoked",
                $"{before.Role.ToCode()} key '{before.Name}' revoked");
        }, cancellationToken);
        return result;
    }
}
