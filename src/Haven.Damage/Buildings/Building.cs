using NetTopologySuite.Geometries;

namespace Haven.Damage.Buildings;

/// <summary>A building footprint (WGS 84) with its id, the block and area it lies in, and its area in m2.</summary>
public sealed record Building(string Id, Geometry Footprint, int Block, string AreaPcode, double AreaM2);

/// <summary>
/// Building ids are text, kept exactly as given: a GeoJSON feature id, a property, an OSM <c>way/123</c>, a plus
/// code. Where a file gave them as numbers, they are written back as numbers.
/// </summary>
public static class BuildingIds
{
    /// <summary>Whether <paramref name="id"/> is a plain integer (no sign, no leading zero, below 2^53) that reads back as itself.</summary>
    public static bool IsPlainInteger(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long n)
            && n >= 0 && n < (1L << 53) && n.ToString(System.Globalization.CultureInfo.InvariantCulture) == id;
    }

    /// <summary>The id as a JSON value: a number when <paramref name="asNumber"/> and it is a plain integer, else a string.</summary>
    public static object AsJsonValue(string id, bool asNumber) =>
        asNumber && IsPlainInteger(id) ? long.Parse(id, System.Globalization.CultureInfo.InvariantCulture) : id;
}
