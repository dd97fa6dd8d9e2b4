using Haven.Geo.Rasters;

namespace Haven.Geo.GeoTiff;

/// <summary>What a GeoTIFF holds: size, bands, cell type, georeferencing, nodata and layout.</summary>
public sealed record GeoTiffInfo(
    string Path,
    RasterGrid Grid,
    int BandCount,
    RasterDataType DataType,
    double? NoData,
    GeoTiffCompression Compression,
    GeoTiffPredictor Predictor,
    bool Tiled,
    int BlockWidth,
    int BlockHeight,
    bool Interleaved,
    int OverviewCount)
{
    public int Width => Grid.Width;

    public int Height => Grid.Height;
}
