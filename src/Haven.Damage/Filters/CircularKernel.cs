namespace Haven.Damage.Filters;

/// <summary>
/// A circular neighbourhood on a square-pixel grid: the cells whose centres lie within a radius of the
/// centre cell, described by the half-width of the horizontal chord on each row offset.
/// </summary>
public sealed class CircularKernel
{
    private CircularKernel(int radius, int[] halfWidths)
    {
        Radius = radius;
        HalfWidths = halfWidths;
        CellCount = halfWidths.Sum(h => 2 * h + 1);
    }

    /// <summary>Rows above and below the centre the kernel reaches.</summary>
    public int Radius { get; }

    /// <summary>Half-width of the chord at row offset dy, indexed by dy + Radius.</summary>
    public IReadOnlyList<int> HalfWidths { get; }

    public int CellCount { get; }

    /// <summary>The kernel of a radius in metres on pixels of a given size; the centre cell always belongs.</summary>
    public static CircularKernel FromMetres(double radiusMetres, double pixelSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixelSize);
        double r = radiusMetres / pixelSize;
        int reach = (int)Math.Floor(r + 1e-9);
        var half = new int[2 * reach + 1];
        for (int dy = -reach; dy <= reach; dy++)
        {
            half[dy + reach] = (int)Math.Floor(Math.Sqrt(Math.Max(0, r * r - dy * dy)) + 1e-9);
        }

        return new CircularKernel(reach, half);
    }
}
