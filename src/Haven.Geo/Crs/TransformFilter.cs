using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems.Transformations;

namespace Haven.Geo.Crs;

/// <summary>Every coordinate of a geometry through one ProjNET transform, on a copy.</summary>
internal sealed class TransformFilter(MathTransform transform) : ICoordinateSequenceFilter
{
    public bool Done => false;

    public bool GeometryChanged => true;

    /// <summary>A copy of <paramref name="geometry"/> with every coordinate transformed.</summary>
    public static Geometry Apply(Geometry geometry, MathTransform transform)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return ApplyInPlace(geometry.Copy(), transform);
    }

    /// <summary><paramref name="geometry"/> itself with every coordinate transformed: for a geometry nobody else holds yet.</summary>
    public static Geometry ApplyInPlace(Geometry geometry, MathTransform transform)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        geometry.Apply(new TransformFilter(transform));
        geometry.GeometryChanged();
        return geometry;
    }

    public void Filter(CoordinateSequence seq, int i)
    {
        var (x, y) = transform.Transform(seq.GetX(i), seq.GetY(i));
        seq.SetX(i, x);
        seq.SetY(i, y);
    }
}
