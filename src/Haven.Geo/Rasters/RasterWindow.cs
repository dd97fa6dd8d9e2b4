namespace Haven.Geo.Rasters;

/// <summary>A rectangle of cells: the top-left cell (column, row) and a size.</summary>
public readonly record struct RasterWindow(int Column, int Row, int Width, int Height)
{
    public int CellCount => Width * Height;

    public static RasterWindow Full(RasterGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return new RasterWindow(0, 0, grid.Width, grid.Height);
    }

    /// <summary>True when the window is non-empty and lies inside a raster of the given size.</summary>
    public bool FitsIn(int width, int height) =>
        Width > 0 && Height > 0 && Column >= 0 && Row >= 0 && Column + Width <= width && Row + Height <= height;

    public override string ToString() => $"columns {Column}..{Column + Width - 1}, rows {Row}..{Row + Height - 1}";
}
