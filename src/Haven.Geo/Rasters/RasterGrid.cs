namespace Haven.Geo.Rasters;

/// <summary>
/// The geometry of a raster: its size in pixels, its <see cref="GeoTransform"/> and the EPSG code of its CRS.
/// Two rasters of one image stack must share one grid.
/// </summary>
public sealed record RasterGrid(int Width, int Height, GeoTransform Transform, int Epsg)
{
    public int CellCount => checked(Width * Height);

    /// <summary>A north-up grid covering an envelope exactly, with square cells of <paramref name="cellSize"/>.</summary>
    public static RasterGrid Covering(double minX, double minY, double maxX, double maxY, double cellSize, int epsg)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cellSize);
        int width = (int)Math.Ceiling((maxX - minX) / cellSize - 1e-9);
        int height = (int)Math.Ceiling((maxY - minY) / cellSize - 1e-9);
        return new RasterGrid(width, height, GeoTransform.NorthUp(minX, maxY, cellSize, cellSize), epsg);
    }

    /// <summary>Map coordinates of the centre of a cell.</summary>
    /// <summary>The grid of a window of this one: the window's size, its first cell where the window starts.</summary>
    public RasterGrid Window(RasterWindow window)
    {
        var (x, y) = Transform.ToMap(window.Column, window.Row);
        return this with { Width = window.Width, Height = window.Height, Transform = Transform with { OriginX = x, OriginY = y } };
    }

    public (double X, double Y) CellCenter(int column, int row) => Transform.ToMap(column + 0.5, row + 0.5);

    /// <summary>Bounds of the grid in map units: (minX, minY, maxX, maxY). Valid for north-up grids.</summary>
    public (double MinX, double MinY, double MaxX, double MaxY) Bounds
    {
        get
        {
            var (x0, y0) = Transform.ToMap(0, 0);
            var (x1, y1) = Transform.ToMap(Width, Height);
            return (Math.Min(x0, x1), Math.Min(y0, y1), Math.Max(x0, x1), Math.Max(y0, y1));
        }
    }

    /// <summary>True when both grids have the same size, CRS and transform (to 1e-6 of a cell).</summary>
    public bool Matches(RasterGrid other)
    {
        ArgumentNullException.ThrowIfNull(other);
        double tol = 1e-6 * Math.Abs(Transform.PixelWidth);
        return Width == other.Width && Height == other.Height && Epsg == other.Epsg
            && Math.Abs(Transform.OriginX - other.Transform.OriginX) <= tol
            && Math.Abs(Transform.OriginY - other.Transform.OriginY) <= tol
            && Math.Abs(Transform.PixelWidth - other.Transform.PixelWidth) <= tol
            && Math.Abs(Transform.PixelHeight - other.Transform.PixelHeight) <= tol
            && Math.Abs(Transform.RowRotation - other.Transform.RowRotation) <= tol
            && Math.Abs(Transform.ColumnRotation - other.Transform.ColumnRotation) <= tol;
    }
}
