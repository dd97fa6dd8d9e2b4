namespace Haven.Geo.Crs;

/// <summary>The EPSG codes Haven uses, and what it needs to know about them.</summary>
public static class Epsg
{
    public const int Wgs84 = 4326;

    /// <summary>WGS 84 / UTM zone 36N, the metric CRS for Gaza.</summary>
    public const int Utm36N = 32636;

    /// <summary>True for geographic (degree) CRSs Haven knows: WGS 84.</summary>
    public static bool IsGeographic(int epsg) => epsg == Wgs84;

    /// <summary>The EPSG code of the WGS 84 UTM zone for a longitude and hemisphere.</summary>
    public static int UtmZoneFor(double longitude, double latitude)
    {
        int zone = Math.Clamp((int)Math.Floor((longitude + 180) / 6) + 1, 1, 60);
        return (latitude >= 0 ? 32600 : 32700) + zone;
    }

    /// <summary>True when the code is a WGS 84 UTM zone (326xx north, 327xx south).</summary>
    public static bool IsUtm(int epsg) => epsg is (> 32600 and <= 32660) or (> 32700 and <= 32760);
}
