namespace Haven.Geo.Rasters;

/// <summary>
/// An affine transform from pixel (column, row) to map coordinates, in GDAL's order:
/// x = OriginX + col * PixelWidth + row * RowRotation; y = OriginY + col * ColumnRotation + row * PixelHeight.
/// <see cref="OriginX"/>, <see cref="OriginY"/> name the outer corner of the top-left pixel; for a north-up
/// image <see cref="PixelHeight"/> is negative.
/// </summary>
public readonly record struct GeoTransform(
    double OriginX,
    double PixelWidth,
    double RowRotation,
    double OriginY,
    double ColumnRotation,
    double PixelHeight)
{
    /// <summary>A north-up transform with square-or-not pixels and no rotation.</summary>
    public static GeoTransform NorthUp(double originX, double originY, double pixelWidth, double pixelHeight) =>
        new(originX, pixelWidth, 0, originY, 0, -Math.Abs(pixelHeight));

    public bool IsNorthUp => RowRotation == 0 && ColumnRotation == 0 && PixelHeight < 0;

    /// <summary>Map coordinates of a fractional pixel position (0,0 is the top-left corner of the raster).</summary>
    public (double X, double Y) ToMap(double column, double row) =>
        (OriginX + column * PixelWidth + row * RowRotation, OriginY + column * ColumnRotation + row * PixelHeight);

    /// <summary>Fractional pixel position of map coordinates; the inverse of <see cref="ToMap"/>.</summary>
    public (double Column, double Row) ToPixel(double x, double y)
    {
        double det = PixelWidth * PixelHeight - RowRotation * ColumnRotation;
        double dx = x - OriginX;
        double dy = y - OriginY;
        return ((dx * PixelHeight - dy * RowRotation) / det, (dy * PixelWidth - dx * ColumnRotation) / det);
    }
}
