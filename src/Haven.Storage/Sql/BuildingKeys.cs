using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Haven.Storage.Sql;

/// <summary>
/// The store's integer key for a building (the R*Tree needs integers), from its id as given, which is kept
/// beside it (<c>ref</c>) and is what every reader sees. A plain integer id (<see cref="Damage.Buildings.BuildingIds.IsPlainInteger"/>) is
/// its own key, so stores made before ids were kept as text keep their keys. Any other id (an OSM <c>way/123</c>,
/// an Open Buildings plus code) takes 2^62 plus 61 bits of its SHA-256, a range no plain id reaches; two ids
/// sharing a key would be refused by the primary key, never merged.
/// </summary>
public static class BuildingKeys
{
    private const long Hashed = 1L << 62;

    public static long Of(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (Damage.Buildings.BuildingIds.IsPlainInteger(id))
        {
            return long.Parse(id, CultureInfo.InvariantCulture);
        }

        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(id));
        return Hashed | (long)(BitConverter.ToUInt64(digest, 0) >> 3);
    }
}
