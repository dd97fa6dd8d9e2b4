namespace Haven.Storage.Access;

/// <summary>A stored API key: its public id, label, role, salt and salted hash, never the secret itself.</summary>
public sealed record ApiKeyRecord(string Id, string Name, Role Role, string Salt, string Hash, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public bool Revoked => RevokedAt is not null;
}
