using Haven.Geo.Rasters;

namespace Haven.Geo.GeoTiff;

/// <summary>An open GeoTIFF as a streaming <see cref="IRasterSource"/>. Not thread-safe, like the file under it.</summary>
public sealed class GeoTiffRasterSource(GeoTiffFile file) : IRasterSource
{
    public RasterGrid Grid => file.Info.Grid;

    public int BandCount => file.Info.BandCount;

    public double? NoData => file.Info.NoData;

    public int BlockHeight => file.Info.BlockHeight;

    public Outcome<double[]> ReadRows(int band, int rowStart, int rowCount) =>
        file.ReadWindow<double>(band, new RasterWindow(0, rowStart, file.Info.Width, rowCount));

    public Problem? ReadRows(int band, int rowStart, int rowCount, double[] destination) =>
        file.ReadWindow(band, new RasterWindow(0, rowStart, file.Info.Width, rowCount), destination);
}
