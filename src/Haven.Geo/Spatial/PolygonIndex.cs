using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;

namespace Haven.Geo.Spatial;

/// <summary>
/// Polygons with keys, indexed once and then queried many times: an STRtree of prepared geometries for
/// geometry queries, and a uniform grid of candidate lists with indexed point-in-area locators for the hot
/// path of locating a point. Immutable after construction and safe for concurrent queries.
/// </summary>
/// <remarks>
/// Edge rule: a point on the boundary of a polygon belongs to it (covers, not contains). A point on a boundary
/// shared by two polygons therefore lies in both: <see cref="Containing(Geometry)"/> and
/// <see cref="LocateAll"/> report both, and <see cref="TryLocate"/> answers with the one added first, so the
/// answer is the same every time.
/// </remarks>
public sealed class PolygonIndex<TKey>
{
    private const int TargetCandidatesPerCell = 2;
    private readonly STRtree<Entry> _tree = new();
    private readonly Entry[] _entries;
    private readonly int[][] _cells;
    private readonly Envelope _extent;
    private readonly int _columns;
    private readonly int _rows;
    private readonly double _cellWidth;
    private readonly double _cellHeight;

    public PolygonIndex(IEnumerable<(TKey Key, Geometry Polygon)> polygons)
    {
        ArgumentNullException.ThrowIfNull(polygons);
        var entries = new List<Entry>();
        _extent = new Envelope();
        foreach (var (key, polygon) in polygons)
        {
            var locator = new IndexedPointInAreaLocator(polygon);
            locator.Locate(polygon.Coordinate ?? new Coordinate(0, 0)); // build the locator's index now, not on a query thread
            var entry = new Entry(entries.Count, key, PreparedGeometryFactory.Prepare(polygon), locator, polygon.EnvelopeInternal);
            entries.Add(entry);
            _tree.Insert(polygon.EnvelopeInternal, entry);
            _extent.ExpandToInclude(polygon.EnvelopeInternal);
        }

        _entries = [.. entries];
        _tree.Build();

        // A grid with about as many cells as polygons times a small factor, shaped like the extent.
        int target = Math.Max(1, _entries.Length * 4 / TargetCandidatesPerCell);
        double aspect = _extent.IsNull || _extent.Height == 0 ? 1 : _extent.Width / _extent.Height;
        _columns = Math.Clamp((int)Math.Round(Math.Sqrt(target * Math.Max(aspect, 1e-3))), 1, 4096);
        _rows = Math.Clamp((int)Math.Ceiling(target / (double)_columns), 1, 4096);
        _cellWidth = _extent.IsNull ? 1 : Math.Max(_extent.Width, 1e-12) / _columns;
        _cellHeight = _extent.IsNull ? 1 : Math.Max(_extent.Height, 1e-12) / _rows;
        var lists = new List<int>[_columns * _rows];
        foreach (var e in _entries)
        {
            var (c0, r0) = Cell(e.Envelope.MinX, e.Envelope.MinY);
            var (c1, r1) = Cell(e.Envelope.MaxX, e.Envelope.MaxY);
            for (int r = r0; r <= r1; r++)
            {
                for (int c = c0; c <= c1; c++)
                {
                    (lists[r * _columns + c] ??= []).Add(e.Order);
                }
            }
        }

        _cells = [.. lists.Select(l => l?.ToArray() ?? [])];
    }

    public int Count => _entries.Length;

    /// <summary>The first-added polygon that covers the point (x, y); false when none does.</summary>
    public bool TryLocate(double x, double y, out TKey key)
    {
        if (!_extent.IsNull && x >= _extent.MinX && x <= _extent.MaxX && y >= _extent.MinY && y <= _extent.MaxY)
        {
            var (c, r) = Cell(x, y);
            Coordinate? point = null;
            foreach (int i in _cells[r * _columns + c])
            {
                var e = _entries[i];
                if (x < e.Envelope.MinX || x > e.Envelope.MaxX || y < e.Envelope.MinY || y > e.Envelope.MaxY)
                {
                    continue;
                }

                point ??= new Coordinate(x, y);
                if (e.Locator.Locate(point) != Location.Exterior)
                {
                    key = e.Key;
                    return true;
                }
            }
        }

        key = default!;
        return false;
    }

    /// <summary>Keys of every polygon covering the point (x, y), in the order they were added.</summary>
    public IReadOnlyList<TKey> LocateAll(double x, double y)
    {
        var keys = new List<TKey>();
        if (_extent.IsNull || x < _extent.MinX || x > _extent.MaxX || y < _extent.MinY || y > _extent.MaxY)
        {
            return keys;
        }

        var (c, r) = Cell(x, y);
        var point = new Coordinate(x, y);
        foreach (int i in _cells[r * _columns + c])
        {
            var e = _entries[i];
            if (e.Envelope.Covers(x, y) && e.Locator.Locate(point) != Location.Exterior)
            {
                keys.Add(e.Key);
            }
        }

        return keys;
    }

    /// <summary>Keys of every polygon that covers the geometry, in the order they were added.</summary>
    public IReadOnlyList<TKey> Containing(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var hits = _tree.Query(geometry.EnvelopeInternal).Where(e => e.Prepared.Covers(geometry)).ToList();
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
        var hits = _tree.Query(geometry.EnvelopeInternal)
            .Where(e => e.Prepared.Intersects(geometry) && e.Prepared.Geometry.Relate(geometry, "T********"))
            .ToList();
        hits.Sort(static (a, b) => a.Order.CompareTo(b.Order));
        return hits.ConvertAll(static e => e.Key);
    }

    private (int Column, int Row) Cell(double x, double y) =>
        (Math.Clamp((int)((x - _extent.MinX) / _cellWidth), 0, _columns - 1),
         Math.Clamp((int)((y - _extent.MinY) / _cellHeight), 0, _rows - 1));

    private sealed record Entry(int Order, TKey Key, IPreparedGeometry Prepared, IndexedPointInAreaLocator Locator, Envelope Envelope);
}
