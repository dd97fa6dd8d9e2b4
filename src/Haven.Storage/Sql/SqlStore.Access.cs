using System.Globalization;
using Haven.Storage.Access;

namespace Haven.Storage.Sql;

/// <summary>API keys and the audit log.</summary>
public abstract partial class SqlStore
{
    private const string KeyColumns = "id, name, role, salt, hash, created_at, revoked_at";

    public async Task AddApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        await WriteAsync(async (connection, tx) =>
        {
            await InsertAllAsync(connection, tx, "api_keys", [key],
                k => [k.Id, k.Name, k.Role.ToCode(), k.Salt, k.Hash, k.CreatedAt, k.RevokedAt], () => { }, cancellationToken, KeyColumns);
            return true;
        }, cancellationToken);
    }

    public async Task<ApiKeyRecord?> GetApiKeyAsync(string id, CancellationToken cancellationToken = default)
    {
        var rows = await QueryAsync($"SELECT {KeyColumns} FROM api_keys WHERE id = @id", ReadKey, cancellationToken, [("id", id)]);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken = default) =>
        QueryAsync($"SELECT {KeyColumns} FROM api_keys ORDER BY created_at, id", ReadKey, cancellationToken);

    public Task<bool> RevokeApiKeyAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, tx) => await ExecuteAsync(connection, tx, "UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL", cancellationToken,
            ("at", at), ("id", id)) == 1, cancellationToken);

    public async Task<long> AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return await WriteAsync(async (connection, tx) => Convert.ToInt64(await ScalarAsync(connection, tx,
            "INSERT INTO audit_log (at, actor, action, target, before_sha256, after_sha256, detail) VALUES (@at, @actor, @action, @target, @before, @after, @detail) RETURNING seq",
            cancellationToken, ("at", entry.At), ("actor", entry.Actor), ("action", entry.Action), ("target", entry.Target), ("before", entry.Before),
            ("after", entry.After), ("detail", entry.Detail)), CultureInfo.InvariantCulture), cancellationToken);
    }

    public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(long after = 0, int limit = int.MaxValue, CancellationToken cancellationToken = default) =>
        QueryAsync("SELECT seq, at, actor, action, target, before_sha256, after_sha256, detail FROM audit_log WHERE seq > @after ORDER BY seq LIMIT @limit",
            r => new AuditEntry(r.GetInt64(0), ReadTime(r, 1), r.GetString(2), r.GetString(3), r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7)),
            cancellationToken, [("after", after), ("limit", limit)]);

    private ApiKeyRecord ReadKey(System.Data.Common.DbDataReader r) =>
        new(r.GetString(0), r.GetString(1), Roles.TryParseKeyRole(r.GetString(2), out var role) ? role : Role.Anonymous, r.GetString(3), r.GetString(4),
            ReadTime(r, 5), r.IsDBNull(6) ? null : ReadTime(r, 6));
}
