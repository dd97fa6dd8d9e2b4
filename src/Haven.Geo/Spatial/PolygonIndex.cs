using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace Haven.Geo.Spatial;

/// <summary>
/// Polygons with keys, indexed once in an STRtree of prepared geometries, then queried many times.
/// Immutable after construction and thread-safe for concurrent queries (the tree is built in the constructor;
/// prepared geometries are safe for concurrent predicate calls).
/// </summary>
/// <remarks>
/// Edge rule: <see cref="Containing"/> uses "covers", so a point on a boundary shared by two polygons is
/// reported by both; <see cref="TryFirst"/> resolves such ties deterministically to the polygon added first.
/// </remarks>
public sealed class PolygonIndex<TKey>
{
    private readonly STRtree<Entry> _tree = new();
    private readonly List<Entry> _entries = [];

    public PolygonIndex(IEnumerable<(TKey Key, Geometry Polygon)> polygons)
    {
        ArgumentNullException.ThrowIfNull(polygons);
        foreach (var (key, polygon) in polygons)
        {
            var entry = new Entry(_entries.Count, key, PreparedGeometryFactory.Prepare(polygon));
            _entries.Add(entry);
            _tree.Insert(polygon.EnvelopeInternal, entry);
        }

        _tree.Build();
    }

    public int Count => _entries.Count;

    /// <summary>Keys of every polygon that covers the geometry, in insertion order.</summary>
    public IReadOnlyList<TKey> Containing(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var hits = new List<Entry>();
        foreach (var entry in _tree.Query(geometry.EnvelopeInternal))
        {
            if (entry.Prepared.Covers(geometry))
            {
                hits.Add(entry);
            }
        }

        hits.Sort(static (a, b) => a.Order.CompareTo(b.Order));
        return hits.ConvertAll(static e => e.Key);
    }

    /// <summary>The first-added polygon covering a geometry; false when none does.</summary>
    public bool TryFirst(Geometry geometry, out TKey key)
    {
        var hits = Containing(geometry);
        key = hits.Count > 0 ? hits[0] : default!;
        return hits.Count > 0;
    }

    /// <summary>Keys of polygons whose interiors intersect the geometry's interior (overlap of area).</summary>
    public IReadOnlyList<TKey> Overlapping(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var hits = new List<Entry>();
        foreach (var entry in _tree.Query(geometry.EnvelopeInternal))
        {
            if (entry.Prepared.Intersects(geometry) && entry.Prepared.Geometry.Relate(geometry, "T********"))
            {
                hits.Add(entry);
            }
        }

        hits.Sort(static (a, b) => a.Order.CompareTo(b.Order));
        return hits.ConvertAll(static e => e.Key);
    }

    private sealed record Entry(int Order, TKey Key, IPreparedGeometry Prepared);
}
