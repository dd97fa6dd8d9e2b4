using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Haven.Geo.Rasters.Warping;

/// <summary>
/// Coordinates from one CRS to another with ProjNET, for the CRSs Haven reprojects between: WGS 84
/// (EPSG:4326, longitude then latitude) and the WGS 84 UTM zones. Immutable and safe to share between threads.
/// </summary>
public sealed class CrsTransform
{
    private readonly MathTransform? _transform;

    private CrsTransform(int from, int to, MathTransform? transform)
    {
        From = from;
        To = to;
        _transform = transform;
    }

    public int From { get; }

    public int To { get; }

    /// <summary>True when both ends are one CRS: coordinates pass unchanged.</summary>
    public bool IsIdentity => _transform is null;

    /// <summary>True when Haven can reproject from or to this CRS.</summary>
    public static bool Supports(int epsg) => epsg == Crs.Epsg.Wgs84 || Crs.Epsg.IsUtm(epsg);

    /// <summary>The transform between two CRSs, or a problem naming the one Haven cannot project.</summary>
    public static Outcome<CrsTransform> Between(int from, int to, string source)
    {
        foreach (int epsg in new[] { from, to })
        {
            if (!Supports(epsg))
            {
                return Outcome<CrsTransform>.Failure("crs.unsupported",
                    $"{source}: EPSG:{epsg} is not a CRS Haven reprojects; expected WGS 84 (EPSG:4326) or a WGS 84 UTM zone (EPSG:326xx, 327xx).");
            }
        }

        if (from == to)
        {
            return new CrsTransform(from, to, null);
        }

        var factory = new CoordinateTransformationFactory();
        return new CrsTransform(from, to, factory.CreateFromCoordinateSystems(System(from), System(to)).MathTransform);
    }

    public (double X, double Y) Apply(double x, double y) => _transform is null ? (x, y) : _transform.Transform(x, y);

    private static CoordinateSystem System(int epsg) => epsg == Crs.Epsg.Wgs84
        ? GeographicCoordinateSystem.WGS84
        : ProjectedCoordinateSystem.WGS84_UTM(epsg % 100, epsg < 32700);
}
