using System.Globalization;
using System.Text.RegularExpressions;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;
using ProjNet.IO.CoordinateSystems;

namespace Haven.Geo.Crs;

/// <summary>
/// The CRS a vector file declares (a GeoPackage's spatial reference system, a Shapefile's .prj, a GeoJSON file's
/// legacy "crs" member), and the way from it to WGS 84 longitude/latitude, where Haven's layers live. A CRS is
/// known by its EPSG code when Haven holds its definition (WGS 84, the WGS 84 UTM zones, Web Mercator) or by
/// the OGC WKT (version 1) the file carries; anything else is a problem naming the CRS. Immutable and thread-safe.
/// </summary>
public sealed partial class SourceCrs
{
    private readonly MathTransform? _toWgs84;

    private SourceCrs(string label, MathTransform? toWgs84)
    {
        Label = label;
        _toWgs84 = toWgs84;
    }

    /// <summary>WGS 84 longitude/latitude: coordinates are taken as they are.</summary>
    public static SourceCrs Wgs84 { get; } = new("EPSG:4326", null);

    /// <summary>How the CRS is named in messages and summaries ("EPSG:32636", or the WKT's name).</summary>
    public string Label { get; }

    public bool IsWgs84 => _toWgs84 is null;

    /// <summary>A CRS by EPSG code, from the definitions Haven holds.</summary>
    public static Outcome<SourceCrs> FromEpsg(int epsg, string source)
    {
        if (epsg == Epsg.Wgs84)
        {
            return Wgs84;
        }

        CoordinateSystem? system = Epsg.IsUtm(epsg) ? ProjectedCoordinateSystem.WGS84_UTM(epsg % 100, epsg < 32700)
            : epsg is 3857 or 900913 ? ProjectedCoordinateSystem.WebMercator
            : null;
        return system is null
            ? Outcome<SourceCrs>.Failure("crs.unsupported", string.Create(CultureInfo.InvariantCulture,
                $"{source}: the file names EPSG:{epsg} without its definition, and it is not one Haven knows by code (EPSG:4326, the WGS 84 UTM zones EPSG:326xx/327xx, EPSG:3857). Save the file as GeoPackage or Shapefile, which carry the definition, or in WGS 84."))
            : new SourceCrs(string.Create(CultureInfo.InvariantCulture, $"EPSG:{epsg}"), Transform(system));
    }

    /// <summary>
    /// A CRS from a name as GeoJSON's legacy "crs" member and OGC services write it: "EPSG:32636",
    /// "urn:ogc:def:crs:EPSG::32636", "http://www.opengis.net/def/crs/EPSG/0/32636", or CRS84.
    /// </summary>
    public static Outcome<SourceCrs> FromName(string name, string source)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.EndsWith("CRS84", StringComparison.OrdinalIgnoreCase))
        {
            return Wgs84;
        }

        var match = EpsgName().Match(name.Trim());
        return match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int epsg)
            ? FromEpsg(epsg, source)
            : Outcome<SourceCrs>.Failure("crs.unknown", $"{source}: the CRS \"{name}\" is not one Haven can read; expected an EPSG code (\"EPSG:32636\", \"urn:ogc:def:crs:EPSG::32636\") or CRS84.");
    }

    /// <summary>
    /// A CRS from OGC WKT version 1 (a .prj file, a GeoPackage's definition); an EPSG code known to Haven, when
    /// the caller has one, is used where the WKT cannot be read (WKT 2, or a projection ProjNET lacks).
    /// </summary>
    public static Outcome<SourceCrs> FromWkt(string wkt, string source, int? epsg = null)
    {
        ArgumentNullException.ThrowIfNull(wkt);
        CoordinateSystem? system = null;
        string? why = null;
        try
        {
            system = CoordinateSystemWktReader.Parse(wkt.Trim()) as CoordinateSystem;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or FormatException or InvalidOperationException or NullReferenceException or IndexOutOfRangeException)
        {
            why = ex.Message;
        }

        // Web Mercator's WKT 1 describes an ellipsoidal Mercator (the sphere is only in a PROJ4 extension): by code.
        if (epsg is 3857 or 900913 || (system is not null && system.AuthorityCode is 3857 && string.Equals(system.Authority, "EPSG", StringComparison.OrdinalIgnoreCase)))
        {
            return FromEpsg(3857, source);
        }

        if (system is null)
        {
            if (epsg is int code && (code == Epsg.Wgs84 || Epsg.IsUtm(code)))
            {
                return FromEpsg(code, source);
            }

            string name = WktName().Match(wkt) is { Success: true } m ? m.Groups[1].Value : wkt.Length > 60 ? wkt[..60] + "..." : wkt;
            return Outcome<SourceCrs>.Failure("crs.unsupported",
                $"{source}: the CRS \"{name}\" cannot be read{(why is null ? string.Empty : $" ({why.TrimEnd('.')})")}; Haven reads OGC WKT 1 definitions and knows EPSG:4326, the WGS 84 UTM zones and EPSG:3857 by code.");
        }

        // Geographic WGS 84 is stored longitude first in GeoPackages and Shapefiles, whatever axis order the WKT states.
        if (system is GeographicCoordinateSystem geographic && IsWgs84Datum(geographic.HorizontalDatum))
        {
            return Wgs84;
        }

        // Another datum with no shift to WGS 84 in the definition would be placed tens of metres off, silently.
        var datum = system switch
        {
            GeographicCoordinateSystem g => g.HorizontalDatum,
            ProjectedCoordinateSystem p => p.GeographicCoordinateSystem.HorizontalDatum,
            _ => null,
        };
        if (datum is not null && !IsWgs84Datum(datum) && !NearWgs84(datum) && datum.Wgs84Parameters is not { HasZeroValuesOnly: false })
        {
            return Outcome<SourceCrs>.Failure("crs.no_datum_shift",
                $"{source}: the CRS \"{system.Name}\" is on the datum {datum.Name}, and its definition gives no shift to WGS 84 (TOWGS84), so its coordinates would be placed tens of metres off; reproject the file to WGS 84 or a WGS 84 UTM zone first (for example ogr2ogr -t_srs EPSG:4326).");
        }

        string label = epsg is int known ? string.Create(CultureInfo.InvariantCulture, $"EPSG:{known}")
            : system.AuthorityCode > 0 && string.Equals(system.Authority, "EPSG", StringComparison.OrdinalIgnoreCase) ? string.Create(CultureInfo.InvariantCulture, $"EPSG:{system.AuthorityCode}")
            : system.Name;
        try
        {
            return new SourceCrs(label, Transform(system));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or InvalidOperationException)
        {
            return Outcome<SourceCrs>.Failure("crs.unsupported", $"{source}: the CRS \"{label}\" has no transformation to WGS 84 that Haven can build ({ex.Message.TrimEnd('.')}).");
        }
    }

    /// <summary>A copy of a geometry in WGS 84 longitude/latitude; the geometry itself when the CRS is WGS 84.</summary>
    public Geometry ToWgs84(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (_toWgs84 is null)
        {
            return geometry;
        }

        return TransformFilter.Apply(geometry, _toWgs84);
    }

    /// <summary>
    /// The same geometry, its coordinates moved to WGS 84 in place: for a geometry just read, which nothing else
    /// holds, it spares a copy of every coordinate.
    /// </summary>
    public Geometry ToWgs84InPlace(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return _toWgs84 is null ? geometry : TransformFilter.ApplyInPlace(geometry, _toWgs84);
    }

    /// <summary>
    /// An envelope in this CRS brought to WGS 84: the envelope of its four corners (enough to check a feature's
    /// range; the geometry itself is not moved).
    /// </summary>
    public Envelope ToWgs84(Envelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (_toWgs84 is null || envelope.IsNull)
        {
            return envelope;
        }

        var result = new Envelope();
        var (x0, y0) = _toWgs84.Transform(envelope.MinX, envelope.MinY);
        var (x1, y1) = _toWgs84.Transform(envelope.MaxX, envelope.MinY);
        var (x2, y2) = _toWgs84.Transform(envelope.MinX, envelope.MaxY);
        var (x3, y3) = _toWgs84.Transform(envelope.MaxX, envelope.MaxY);
        result.ExpandToInclude(x0, y0);
        result.ExpandToInclude(x1, y1);
        result.ExpandToInclude(x2, y2);
        result.ExpandToInclude(x3, y3);

        return result;
    }

    public override string ToString() => Label;

    private static MathTransform Transform(CoordinateSystem system) =>
        new CoordinateTransformationFactory().CreateFromCoordinateSystems(system, GeographicCoordinateSystem.WGS84).MathTransform;

    private static bool IsWgs84Datum(HorizontalDatum datum) =>
        datum.Name.Replace("_", " ", StringComparison.Ordinal).Contains("WGS 1984", StringComparison.OrdinalIgnoreCase)
        || datum.Name.Replace("_", " ", StringComparison.Ordinal).Contains("WGS 84", StringComparison.OrdinalIgnoreCase)
        || datum.Name.Contains("WGS84", StringComparison.OrdinalIgnoreCase);

    /// <summary>Datums that realise WGS 84 to within about a metre (ETRS89, NAD83, GDA94/2020 and the ITRF frames).</summary>
    private static bool NearWgs84(HorizontalDatum datum)
    {
        string name = datum.Name.Replace("_", " ", StringComparison.Ordinal);
        return name.Contains("ETRS", StringComparison.OrdinalIgnoreCase) || name.Contains("European Terrestrial Reference System 1989", StringComparison.OrdinalIgnoreCase)
            || name.Contains("North American Datum 1983", StringComparison.OrdinalIgnoreCase) || name.Contains("NAD83", StringComparison.OrdinalIgnoreCase)
            || name.Contains("GDA", StringComparison.OrdinalIgnoreCase) || name.Contains("ITRF", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"EPSG(?::|::|/0/|/)(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex EpsgName();

    [GeneratedRegex("^\\s*[A-Z_]+\\[\"([^\"]*)\"")]
    private static partial Regex WktName();
}
