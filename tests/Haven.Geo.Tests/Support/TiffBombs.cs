using System.Buffers.Binary;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;

namespace Haven.Geo.Tests.Support;

/// <summary>
/// Small GeoTIFFs that declare huge images, as an attacker or a broken export would make them: a real 16 x 16
/// file (generated, synthetic) whose image-size tags are then rewritten, so the file stays a few hundred bytes.
/// </summary>
public static class TiffBombs
{
    /// <summary>Writes a bomb declaring <paramref name="width"/> x <paramref name="height"/> Float32 cells, DEFLATE, in one strip or in 16-cell tiles.</summary>
    public static string Write(string path, long width, long height, bool tiled)
    {
        var grid = new RasterGrid(16, 16, GeoTransform.NorthUp(580_000, 3_472_000, 10, 10), 32636);
        GeoTiffWriter.Write(path, grid, [new float[grid.CellCount]], null,
            new GeoTiffWriteOptions { Compression = GeoTiffCompression.Deflate, TileSize = tiled ? 16 : null });
        var bytes = File.ReadAllBytes(path);
        if (bytes[0] != (byte)'I' || BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2)) != 42)
        {
            throw new InvalidOperationException("expected a little-endian classic TIFF");
        }

        int ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(ifd));
        for (int i = 0; i < count; i++)
        {
            var entry = bytes.AsSpan(ifd + 2 + i * 12, 12);
            ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(entry);
            long? value = tag switch
            {
                256 => width,
                257 => height,
                278 => height, // rows per strip: the whole image in one strip
                _ => null,
            };
            if (value is long v)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], 4); // LONG
                BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], 1);
                BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], (uint)v);
            }
        }

        File.WriteAllBytes(path, bytes);
        return path;
    }
}
