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
        var copy = geometry.Copy();
        copy.Apply(new TransformFilter(transform));
        copy.GeometryChanged();
        return copy;
    }

    public void Filter(CoordinateSequence seq, int i)
    {
        var (x, y) = transform.Transform(seq.GetX(i), seq.GetY(i));
        seq.SetX(i, x);
        seq.SetY(i, y);
    }
}
