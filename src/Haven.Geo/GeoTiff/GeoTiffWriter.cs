using System.Globalization;
using Haven.Geo.IO;
using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using Haven.Geo.Rasters;

namespace Haven.Geo.GeoTiff;

/// <summary>
/// Writes single-band rasters as GeoTIFF (GeoTIFF 1.1, OGC 19-008r4) with the GeoKeys and the GDAL nodata tag
/// that GDAL reads. Output goes to a temporary name beside the target and is renamed when complete, so a
/// failed write never leaves a half-written file. Thread-safe: each call owns its file.
/// </summary>
public static class GeoTiffWriter
{
    public static void Write<T>(string path, Raster<T> raster, GeoTiffWriteOptions? options = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(raster);
        options ??= GeoTiffWriteOptions.Default;
        AtomicFile.WriteVia(path, temp => WriteFile(temp, raster, options));
    }

    private static void WriteFile<T>(string path, Raster<T> raster, GeoTiffWriteOptions options)
        where T : unmanaged
    {
        GeoTiffTags.EnsureRegistered();
        var (bits, format) = SampleType.Of<T>();
        var grid = raster.Grid;
        using var tif = Tiff.Open(path, "w")
            ?? throw new IOException($"Cannot create GeoTIFF '{path}'.");

        tif.SetField(TiffTag.IMAGEWIDTH, grid.Width);
        tif.SetField(TiffTag.IMAGELENGTH, grid.Height);
        tif.SetField(TiffTag.SAMPLESPERPIXEL, 1);
        tif.SetField(TiffTag.BITSPERSAMPLE, bits);
        tif.SetField(TiffTag.SAMPLEFORMAT, format);
        tif.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
        tif.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tif.SetField(TiffTag.COMPRESSION, options.Compression switch
        {
            GeoTiffCompression.Deflate => Compression.ADOBE_DEFLATE,
            GeoTiffCompression.Lzw => Compression.LZW,
            _ => Compression.NONE,
        });
        WriteGeoTags(tif, grid, raster.NoData);

        int bytesPerSample = bits / 8;
        byte[] all = MemoryMarshal.AsBytes(raster.Data.AsSpan()).ToArray();
        if (options.TileSize is int tile)
        {
            if (tile <= 0 || tile % 16 != 0)
            {
                throw new ArgumentException($"Tile size must be a positive multiple of 16, not {tile}.", nameof(options));
            }

            tif.SetField(TiffTag.TILEWIDTH, tile);
            tif.SetField(TiffTag.TILELENGTH, tile);
            var buffer = new byte[tile * tile * bytesPerSample];
            for (int ty = 0; ty < grid.Height; ty += tile)
            {
                for (int tx = 0; tx < grid.Width; tx += tile)
                {
                    Array.Clear(buffer);
                    int w = Math.Min(tile, grid.Width - tx);
                    int h = Math.Min(tile, grid.Height - ty);
                    for (int r = 0; r < h; r++)
                    {
                        Buffer.BlockCopy(all, ((ty + r) * grid.Width + tx) * bytesPerSample,
                            buffer, r * tile * bytesPerSample, w * bytesPerSample);
                    }

                    tif.WriteTile(buffer, tx, ty, 0, 0);
                }
            }
        }
        else
        {
            int rowBytes = grid.Width * bytesPerSample;
            int rowsPerStrip = Math.Max(1, 65536 / rowBytes);
            tif.SetField(TiffTag.ROWSPERSTRIP, rowsPerStrip);
            int strip = 0;
            for (int row = 0; row < grid.Height; row += rowsPerStrip, strip++)
            {
                int rows = Math.Min(rowsPerStrip, grid.Height - row);
                tif.WriteEncodedStrip(strip, all, row * rowBytes, rows * rowBytes);
            }
        }

        tif.WriteDirectory();
    }

    private static void WriteGeoTags(Tiff tif, RasterGrid grid, double? noData)
    {
        var t = grid.Transform;
        if (t.RowRotation == 0 && t.ColumnRotation == 0)
        {
            tif.SetField(GeoTiffTags.ModelPixelScale, 3, new[] { t.PixelWidth, -t.PixelHeight, 0.0 });
            tif.SetField(GeoTiffTags.ModelTiepoint, 6, new[] { 0.0, 0.0, 0.0, t.OriginX, t.OriginY, 0.0 });
        }
        else
        {
            double[] matrix =
            [
                t.PixelWidth, t.RowRotation, 0, t.OriginX,
                t.ColumnRotation, t.PixelHeight, 0, t.OriginY,
                0, 0, 0, 0,
                0, 0, 0, 1,
            ];
            tif.SetField(GeoTiffTags.ModelTransformation, 16, matrix);
        }

        bool geographic = Crs.Epsg.IsGeographic(grid.Epsg);
        ushort[] keys =
        [
            1, 1, 0, 3,
            GeoTiffTags.GTModelTypeGeoKey, 0, 1,
            geographic ? GeoTiffTags.ModelTypeGeographic : GeoTiffTags.ModelTypeProjected,
            GeoTiffTags.GTRasterTypeGeoKey, 0, 1, GeoTiffTags.RasterPixelIsArea,
            geographic ? GeoTiffTags.GeographicTypeGeoKey : GeoTiffTags.ProjectedCSTypeGeoKey, 0, 1,
            checked((ushort)grid.Epsg),
        ];
        tif.SetField(GeoTiffTags.GeoKeyDirectory, keys.Length, keys);

        if (noData is double nd)
        {
            tif.SetField(GeoTiffTags.GdalNoData, nd.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
