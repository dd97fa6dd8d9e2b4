using Haven.Geo.Crs;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Distance;

namespace Haven.Geo.Spatial;

/// <summary>A feature near a point: its key, the distance in metres to its nearest part, and the compass bearing to it.</summary>
public sealed record Nearby<TKey>(TKey Key, double DistanceMetres, double BearingDegrees);

/// <summary>
/// Finds the features nearest to a point, with distances in metres. Geometries (WGS 84) are projected once to
/// the UTM zone of the data's centre and held in an STRtree; a query is a k-nearest-neighbour search in metres
/// (distance 0 inside a polygon). Built once; safe for concurrent queries.
/// </summary>
public sealed class NearestIndex<TKey>
{
    private readonly STRtree<Entry> _tree = new();
    private readonly UtmProjection? _utm;
    private readonly GeometryFactory _factory = new();

    public NearestIndex(IEnumerable<(TKey Key, Geometry Geometry)> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var list = features.ToList();
        Count = list.Count;
        if (list.Count == 0)
        {
            return;
        }

        var extent = new Envelope();
        list.ForEach(f => extent.ExpandToInclude(f.Geometry.EnvelopeInternal));
        _utm = UtmProjection.ForLocation(extent.Centre.X, extent.Centre.Y);
        foreach (var (key, geometry) in list)
        {
            var projected = _utm.FromWgs84(geometry);
            _tree.Insert(projected.EnvelopeInternal, new Entry(key, projected));
        }

        _tree.Build();
    }

    public int Count { get; }

    /// <summary>Up to <paramref name="k"/> features nearest to (longitude, latitude), nearest first.</summary>
    public IReadOnlyList<Nearby<TKey>> Nearest(double longitude, double latitude, int k = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (_utm is null)
        {
            return [];
        }

        var (x, y) = _utm.FromWgs84(longitude, latitude);
        var query = new Entry(default!, _factory.CreatePoint(new Coordinate(x, y)));
        var found = _tree.NearestNeighbour(query.Geometry.EnvelopeInternal, query, EntryDistance.Instance, Math.Min(k, Count));
        return [.. found
            .Select(e =>
            {
                var nearest = DistanceOp.NearestPoints(e.Geometry, query.Geometry)[0];
                double d = e.Geometry.Distance(query.Geometry);
                var (lon, lat) = _utm.ToWgs84(nearest.X, nearest.Y);
                double bearing = d == 0 ? 0 : Geodesy.BearingDegrees(longitude, latitude, lon, lat);
                return new Nearby<TKey>(e.Key, d, bearing);
            })
            .OrderBy(n => n.DistanceMetres)];
    }

    private sealed record Entry(TKey Key, Geometry Geometry);

    private sealed class EntryDistance : IItemDistance<Envelope, Entry>
    {
        public static readonly EntryDistance Instance = new();

        public double Distance(IBoundable<Envelope, Entry> item1, IBoundable<Envelope, Entry> item2) =>
            item1.Item.Geometry.Distance(item2.Item.Geometry);
    }
}
