namespace Haven.Protection.Sites;

/// <summary>The kinds of protected site, as DESIGN.md's data model names them.</summary>
public enum SiteKind
{
    Hospital,
    Clinic,
    Shelter,
    School,
    WaterPoint,
    Bakery,
    UnPremises,
    Warehouse,
    Pharmacy,
}

/// <summary>Stable lower-case names used in files and URLs ("water_point").</summary>
public static class SiteKinds
{
    public static string ToCode(this SiteKind kind) => kind switch
    {
        SiteKind.Hospital => "hospital",
        SiteKind.Clinic => "clinic",
        SiteKind.Shelter => "shelter",
        SiteKind.School => "school",
        SiteKind.WaterPoint => "water_point",
        SiteKind.Bakery => "bakery",
        SiteKind.UnPremises => "un_premises",
        SiteKind.Warehouse => "warehouse",
        SiteKind.Pharmacy => "pharmacy",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? code, out SiteKind kind)
    {
        foreach (var candidate in Enum.GetValues<SiteKind>())
        {
            if (string.Equals(candidate.ToCode(), code, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
