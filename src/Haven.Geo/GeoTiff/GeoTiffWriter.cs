using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using Haven.Geo.IO;
using Haven.Geo.Rasters;

namespace Haven.Geo.GeoTiff;

/// <summary>
/// Writes rasters as GeoTIFF (GeoTIFF 1.1, OGC 19-008r4) with the GeoKeys and GDAL nodata tag that GDAL
/// reads: one or more bands, strips or tiles, no/DEFLATE/LZW compression with the horizontal or
/// floating-point predictor, and on request a Cloud-Optimized layout (<see cref="CogWriter"/>). Output goes
/// to a temporary name and is renamed when complete. Thread-safe: each call owns its file.
/// </summary>
public static class GeoTiffWriter
{
    public static void Write<T>(string path, Raster<T> raster, GeoTiffWriteOptions? options = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(raster);
        Write(path, raster.Grid, [raster.Data], raster.NoData, options);
    }

    public static void Write<T>(string path, RasterGrid grid, IReadOnlyList<T[]> bands, double? noData, GeoTiffWriteOptions? options = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(bands);
        options ??= GeoTiffWriteOptions.Default;
        var type = RasterDataTypes.Of<T>();
        if (options.Check(type) is string problem)
        {
            throw new ArgumentException($"GeoTIFF options: {problem}.", nameof(options));
        }

        if (bands.Count == 0 || bands.Any(b => b.Length != grid.CellCount))
        {
            throw new ArgumentException($"Every band must hold {grid.Width} x {grid.Height} cells.", nameof(bands));
        }

        if (options.CloudOptimized)
        {
            AtomicFile.Write(path, stream => CogWriter.Write(stream, grid, bands, noData, options));
            return;
        }

        AtomicFile.WriteVia(path, temp => WriteFile(temp, grid, bands, noData, options, type));
    }

    private static void WriteFile<T>(string path, RasterGrid grid, IReadOnlyList<T[]> bands, double? noData,
        GeoTiffWriteOptions options, RasterDataType type) where T : unmanaged
    {
        GeoTiffTags.EnsureRegistered();
        TiffErrors.EnsureRegistered();
        using var tif = Tiff.Open(path, "w") ?? throw new IOException($"Cannot create GeoTIFF '{path}'{TiffErrors.Take()}.");
        SetImageTags(tif, grid.Width, grid.Height, bands.Count, type, options);
        GeoKeys.Write(tif, grid, noData);

        byte[] pixels = Interleave(bands);
        int pixelBytes = bands.Count * type.SizeInBytes();
        if (options.TileSize is int tile)
        {
            tif.SetField(TiffTag.TILEWIDTH, tile);
            tif.SetField(TiffTag.TILELENGTH, tile);
            var buffer = new byte[tile * tile * pixelBytes];
            for (int ty = 0; ty < grid.Height; ty += tile)
            {
                for (int tx = 0; tx < grid.Width; tx += tile)
                {
                    CopyTile(pixels, grid.Width, grid.Height, pixelBytes, tx, ty, tile, buffer);
                    if (tif.WriteEncodedTile(tif.ComputeTile(tx, ty, 0, 0), buffer, buffer.Length) < 0)
                    {
                        throw new IOException($"Cannot write tile at {tx},{ty} of '{path}'{TiffErrors.Take()}.");
                    }
                }
            }
        }
        else
        {
            int rowBytes = grid.Width * pixelBytes;
            int rowsPerStrip = Math.Max(1, 65536 / rowBytes);
            tif.SetField(TiffTag.ROWSPERSTRIP, rowsPerStrip);
            for (int row = 0, strip = 0; row < grid.Height; row += rowsPerStrip, strip++)
            {
                int rows = Math.Min(rowsPerStrip, grid.Height - row);
                if (tif.WriteEncodedStrip(strip, pixels, row * rowBytes, rows * rowBytes) < 0)
                {
                    throw new IOException($"Cannot write strip {strip} of '{path}'{TiffErrors.Take()}.");
                }
            }
        }

        tif.WriteDirectory();
    }

    private static void SetImageTags(Tiff tif, int width, int height, int bandCount, RasterDataType type, GeoTiffWriteOptions options)
    {
        tif.SetField(TiffTag.IMAGEWIDTH, width);
        tif.SetField(TiffTag.IMAGELENGTH, height);
        tif.SetField(TiffTag.SAMPLESPERPIXEL, bandCount);
        tif.SetField(TiffTag.BITSPERSAMPLE, type.SizeInBytes() * 8);
        tif.SetField(TiffTag.SAMPLEFORMAT, type switch
        {
            RasterDataType.Byte or RasterDataType.UInt16 => SampleFormat.UINT,
            RasterDataType.Int16 or RasterDataType.Int32 => SampleFormat.INT,
            RasterDataType.CFloat32 => SampleFormat.COMPLEXIEEEFP,
            _ => SampleFormat.IEEEFP,
        });
        tif.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
        tif.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        if (bandCount > 1)
        {
            tif.SetField(TiffTag.EXTRASAMPLES, bandCount - 1, Enumerable.Repeat((short)ExtraSample.UNSPECIFIED, bandCount - 1).ToArray());
        }

        tif.SetField(TiffTag.COMPRESSION, options.Compression switch
        {
            GeoTiffCompression.Deflate => Compression.ADOBE_DEFLATE,
            GeoTiffCompression.Lzw => Compression.LZW,
            _ => Compression.NONE,
        });
        if (options.Predictor != GeoTiffPredictor.None)
        {
            tif.SetField(TiffTag.PREDICTOR, (int)options.Predictor);
        }
    }

    /// <summary>Pixel-interleaved bytes of all bands (band values of one pixel together), as TIFF CONTIG.</summary>
    internal static byte[] Interleave<T>(IReadOnlyList<T[]> bands) where T : unmanaged
    {
        if (bands.Count == 1)
        {
            return MemoryMarshal.AsBytes(bands[0].AsSpan()).ToArray();
        }

        int size = Marshal.SizeOf<T>();
        int n = bands[0].Length;
        var result = new byte[n * size * bands.Count];
        for (int b = 0; b < bands.Count; b++)
        {
            var source = MemoryMarshal.AsBytes(bands[b].AsSpan());
            for (int i = 0; i < n; i++)
            {
                source.Slice(i * size, size).CopyTo(result.AsSpan((i * bands.Count + b) * size, size));
            }
        }

        return result;
    }

    /// <summary>Copies one tile out of interleaved pixels, padding past the right and bottom edges with zeros.</summary>
    internal static void CopyTile(byte[] pixels, int width, int height, int pixelBytes, int tx, int ty, int tile, byte[] buffer)
    {
        Array.Clear(buffer);
        int w = Math.Min(tile, width - tx);
        int h = Math.Min(tile, height - ty);
        for (int r = 0; r < h; r++)
        {
            Buffer.BlockCopy(pixels, ((ty + r) * width + tx) * pixelBytes, buffer, r * tile * pixelBytes, w * pixelBytes);
        }
    }
}
