using System.Security.Cryptography;
using System.Text;
using Haven.Storage.Access;

namespace Haven.Workflows.Access;

/// <summary>
/// API keys read <c>hvn_{id}_{secret}</c>: an 8-byte public id (hex) to find the record and a 32-byte random
/// secret (base64url) that only the holder has. The store keeps SHA-256 over a 16-byte random salt and the
/// secret. A key with 256 random bits cannot be guessed, so a fast hash suffices; a slow password hash would
/// only slow every authenticated request.
/// </summary>
public static class ApiKeys
{
    private const string Prefix = "hvn_";

    /// <summary>A new key: the record to store and the text to give its holder, once.</summary>
    public static (ApiKeyRecord Record, string Key) Create(Role role, string name, DateTimeOffset now)
    {
        if (role == Role.Anonymous)
        {
            throw new ArgumentException("A key needs a role: analyst, coordinator or admin.", nameof(role));
        }

        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        string secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        string salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        return (new ApiKeyRecord(id, name, role, salt, HashOf(salt, secret), now, null), $"{Prefix}{id}_{secret}");
    }

    /// <summary>Splits a presented key into id and secret; false when it is not shaped like one.</summary>
    public static bool TryParse(string? text, out string id, out string secret)
    {
        id = secret = "";
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal) || text.Length != Prefix.Length + 16 + 1 + 43 || text[Prefix.Length + 16] != '_')
        {
            return false;
        }

        id = text.Substring(Prefix.Length, 16);
        secret = text[(Prefix.Length + 17)..];
        return id.All(Uri.IsHexDigit);
    }

    /// <summary>True when the secret matches the record's hash (compared in constant time) and the key is not revoked.</summary>
    public static bool Matches(ApiKeyRecord record, string secret)
    {
        ArgumentNullException.ThrowIfNull(record);
        return !record.Revoked && CryptographicOperations.FixedTimeEquals(
            Convert.FromHexString(record.Hash), Convert.FromHexString(HashOf(record.Salt, secret)));
    }

    private static string HashOf(string salt, string secret) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Convert.FromBase64String(salt), .. Encoding.UTF8.GetBytes(secret)]));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
