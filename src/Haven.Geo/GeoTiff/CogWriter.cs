using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Haven.Geo.Rasters;

namespace Haven.Geo.GeoTiff;

/// <summary>
/// Writes a Cloud-Optimized GeoTIFF (OGC 21-026): a classic little-endian TIFF, tiled, with overviews that
/// halve down to one tile, every IFD at the start of the file, and tile data after them ordered from the
/// smallest overview to full resolution, so a reader can fetch the header in one request and any tile of any
/// level in one more. Written directly rather than through LibTiff, which places each IFD after its data.
/// Compression: none or DEFLATE, with an optional predictor.
/// </summary>
internal static class CogWriter
{
    private const ushort Short = 3;
    private const ushort Long = 4;
    private const ushort Ascii = 2;
    private const ushort Double = 12;

    public static void Write<T>(Stream output, RasterGrid grid, IReadOnlyList<T[]> bands, double? noData, GeoTiffWriteOptions options)
        where T : unmanaged
    {
        if (options.Compression == GeoTiffCompression.Lzw)
        {
            throw new ArgumentException("Cloud-Optimized output supports no compression or DEFLATE.", nameof(options));
        }

        var type = RasterDataTypes.Of<T>();
        int tile = options.TileSize ?? 512;
        int spp = bands.Count;
        int size = type.SizeInBytes();

        // Levels: full resolution, then halves until one tile holds the image.
        var levels = new List<(int Width, int Height, byte[] Pixels)> { (grid.Width, grid.Height, GeoTiffWriter.Interleave(bands)) };
        var current = bands.ToList();
        int w = grid.Width, h = grid.Height;
        while (Math.Max(w, h) > tile)
        {
            int nw = 0, nh = 0;
            current = [.. current.Select(b => Overviews.Halve(b, w, h, noData, out nw, out nh))];
            (w, h) = (nw, nh);
            levels.Add((w, h, GeoTiffWriter.Interleave(current)));
        }

        // Encode every tile of every level.
        var encoded = levels.Select(l => EncodeTiles(l.Pixels, l.Width, l.Height, tile, size, spp, options)).ToList();

        // IFDs first: compute each one's size, then place the tile data after all of them.
        var ifds = levels.Select((l, i) => BuildIfd(i, l.Width, l.Height, tile, type, spp, grid, noData, options, encoded[i].Count)).ToList();
        long offset = 8;
        var ifdOffsets = new long[ifds.Count];
        for (int i = 0; i < ifds.Count; i++)
        {
            ifdOffsets[i] = offset;
            offset += ifds[i].Size;
        }

        var tileOffsets = new long[levels.Count][];
        for (int i = levels.Count - 1; i >= 0; i--)
        {
            tileOffsets[i] = new long[encoded[i].Count];
            for (int t = 0; t < encoded[i].Count; t++)
            {
                tileOffsets[i][t] = offset;
                offset += encoded[i][t].Length;
            }
        }

        if (offset > uint.MaxValue)
        {
            throw new ArgumentException("The raster is too large for a classic TIFF (over 4 GiB).", nameof(bands));
        }

        var header = new byte[8];
        header[0] = (byte)'I';
        header[1] = (byte)'I';
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 42);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 8);
        output.Write(header);
        for (int i = 0; i < ifds.Count; i++)
        {
            long next = i + 1 < ifds.Count ? ifdOffsets[i + 1] : 0;
            output.Write(ifds[i].Serialize(ifdOffsets[i], next, tileOffsets[i], [.. encoded[i].Select(e => (long)e.Length)]));
        }

        for (int i = levels.Count - 1; i >= 0; i--)
        {
            foreach (var data in encoded[i])
            {
                output.Write(data);
            }
        }
    }

    private static List<byte[]> EncodeTiles(byte[] pixels, int width, int height, int tile, int size, int spp, GeoTiffWriteOptions options)
    {
        // Tiles are independent: encoded on every core, each into its place, so the file does not depend on the core count.
        int pixelBytes = size * spp;
        int across = (width + tile - 1) / tile;
        int down = (height + tile - 1) / tile;
        var result = new byte[across * down][];
        // DEFLATE by libdeflate where the system has it (as GDAL does: about three times as fast as zlib), else zlib.
        Parallel.For(0, result.Length, () => (Buffer: new byte[tile * tile * pixelBytes], Deflate: options.Compression == GeoTiffCompression.Deflate ? LibDeflate.CreateCompressor() : null), (t, _, local) =>
        {
            var buffer = local.Buffer;
            GeoTiffWriter.CopyTile(pixels, width, height, pixelBytes, t % across * tile, t / across * tile, tile, buffer);
            for (int r = 0; r < tile; r++)
            {
                Predictors.Encode(buffer.AsSpan(r * tile * pixelBytes, tile * pixelBytes), options.Predictor, size, spp);
            }

            if (local.Deflate is { } deflate)
            {
                result[t] = deflate.Zlib(buffer);
            }
            else if (options.Compression == GeoTiffCompression.Deflate)
            {
                using var compressed = new MemoryStream();
                using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
                {
                    z.Write(buffer);
                }

                result[t] = compressed.ToArray();
            }
            else
            {
                result[t] = (byte[])buffer.Clone();
            }

            return local;
        }, local => local.Deflate?.Dispose());
        return [.. result];
    }

    private static Ifd BuildIfd(int level, int width, int height, int tile, RasterDataType type, int spp, RasterGrid grid,
        double? noData, GeoTiffWriteOptions options, int tileCount)
    {
        var ifd = new Ifd(tileCount);
        ifd.Add(254, Long, [level == 0 ? 0u : 1u]);
        ifd.Add(256, Long, [(uint)width]);
        ifd.Add(257, Long, [(uint)height]);
        ifd.Add(258, Short, [.. Enumerable.Repeat((uint)type.SizeInBytes() * 8, spp)]);
        ifd.Add(259, Short, [options.Compression == GeoTiffCompression.Deflate ? 8u : 1u]);
        ifd.Add(262, Short, [1]);
        ifd.Add(277, Short, [(uint)spp]);
        ifd.Add(284, Short, [1]);
        if (options.Predictor != GeoTiffPredictor.None)
        {
            ifd.Add(317, Short, [(uint)options.Predictor]);
        }

        ifd.Add(322, Long, [(uint)tile]);
        ifd.Add(323, Long, [(uint)tile]);
        ifd.AddTileArrays();
        if (spp > 1)
        {
            ifd.Add(338, Short, [.. Enumerable.Repeat(0u, spp - 1)]);
        }

        uint format = type switch
        {
            RasterDataType.Byte or RasterDataType.UInt16 => 1,
            RasterDataType.Int16 or RasterDataType.Int32 => 2,
            RasterDataType.CFloat32 => 6,
            _ => 3,
        };
        ifd.Add(339, Short, [.. Enumerable.Repeat(format, spp)]);
        if (level == 0)
        {
            var t = grid.Transform;
            if (t.RowRotation == 0 && t.ColumnRotation == 0)
            {
                ifd.AddDoubles(33550, [t.PixelWidth, -t.PixelHeight, 0]);
                ifd.AddDoubles(33922, [0, 0, 0, t.OriginX, t.OriginY, 0]);
            }
            else
            {
                ifd.AddDoubles(34264, GeoKeys.Matrix(t));
            }

            ifd.Add(34735, Short, [.. GeoKeys.Directory(grid.Epsg).Select(k => (uint)k)]);
        }

        if (noData is double nd)
        {
            ifd.AddAscii(42113, GeoKeys.NoDataText(nd));
        }

        return ifd;
    }

    /// <summary>One image file directory: entries sorted by tag, values that do not fit in 4 bytes placed after it.</summary>
    private sealed class Ifd(int tileCount)
    {
        private const ushort TileOffsetsTag = 324;
        private const ushort TileByteCountsTag = 325;
        private readonly SortedDictionary<ushort, (ushort Type, uint Count, byte[] Data)> _entries = [];

        public long Size
        {
            get
            {
                long size = 2 + 12L * _entries.Count + 4;
                foreach (var e in _entries.Values)
                {
                    if (e.Data.Length > 4)
                    {
                        size += e.Data.Length + (e.Data.Length & 1);
                    }
                }

                return size;
            }
        }

        public void Add(ushort tag, ushort type, uint[] values)
        {
            int width = type == Short ? 2 : 4;
            var data = new byte[values.Length * width];
            for (int i = 0; i < values.Length; i++)
            {
                if (type == Short)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(i * 2), (ushort)values[i]);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(i * 4), values[i]);
                }
            }

            _entries[tag] = (type, (uint)values.Length, data);
        }

        public void AddDoubles(ushort tag, double[] values)
        {
            var data = new byte[values.Length * 8];
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(i * 8), values[i]);
            }

            _entries[tag] = (Double, (uint)values.Length, data);
        }

        public void AddAscii(ushort tag, string text)
        {
            var data = Encoding.ASCII.GetBytes(text + "\0");
            _entries[tag] = (Ascii, (uint)data.Length, data);
        }

        /// <summary>Reserves TileOffsets and TileByteCounts; their values are known only when serialising.</summary>
        public void AddTileArrays()
        {
            _entries[TileOffsetsTag] = (Long, (uint)tileCount, new byte[tileCount * 4]);
            _entries[TileByteCountsTag] = (Long, (uint)tileCount, new byte[tileCount * 4]);
        }

        public byte[] Serialize(long at, long next, long[] tileOffsets, long[] tileByteCounts)
        {
            for (int i = 0; i < tileCount; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(_entries[TileOffsetsTag].Data.AsSpan(i * 4), (uint)tileOffsets[i]);
                BinaryPrimitives.WriteUInt32LittleEndian(_entries[TileByteCountsTag].Data.AsSpan(i * 4), (uint)tileByteCounts[i]);
            }

            var buffer = new byte[Size];
            var span = buffer.AsSpan();
            BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)_entries.Count);
            long extra = at + 2 + 12L * _entries.Count + 4;
            int pos = 2;
            foreach (var (tag, (type, count, data)) in _entries)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(span[pos..], tag);
                BinaryPrimitives.WriteUInt16LittleEndian(span[(pos + 2)..], type);
                BinaryPrimitives.WriteUInt32LittleEndian(span[(pos + 4)..], count);
                if (data.Length <= 4)
                {
                    data.CopyTo(span[(pos + 8)..]);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(span[(pos + 8)..], (uint)extra);
                    data.CopyTo(span[(int)(extra - at)..]);
                    extra += data.Length + (data.Length & 1);
                }

                pos += 12;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(span[pos..], (uint)next);
            return buffer;
        }
    }
}
