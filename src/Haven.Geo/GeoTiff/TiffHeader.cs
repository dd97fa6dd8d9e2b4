using System.Buffers.Binary;

namespace Haven.Geo.GeoTiff;

/// <summary>
/// The image size a TIFF declares in its first directory, read from a few hundred bytes of the file (classic
/// TIFF and BigTIFF, either byte order) before any decoder sees it: a decoder allocates its strip and tile
/// tables from these numbers, so they are checked first. Thread-safe (static, reads only).
/// </summary>
internal static class TiffHeader
{
    /// <summary>
    /// Width, height, tile width and tile height (0 when stripped) of the first image, and its predictor (1 when the
    /// tag is absent; LibTiff.NET reads the tag only for codecs it knows); null when the header cannot be read this way.
    /// </summary>
    public static (long Width, long Height, long TileWidth, long TileHeight, int Predictor)? Peek(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Peek(stream);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>As <see cref="Peek(string)"/>, from a seekable stream (a file served over HTTP) left where it ends.</summary>
    public static (long Width, long Height, long TileWidth, long TileHeight, int Predictor)? Peek(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            stream.Position = 0;
            Span<byte> head = stackalloc byte[16];
            if (stream.ReadAtLeast(head, 16, throwOnEndOfStream: false) < 8)
            {
                return null;
            }

            bool little = head[0] == 'I' && head[1] == 'I';
            if (!little && !(head[0] == 'M' && head[1] == 'M'))
            {
                return null;
            }

            ushort U16(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b);
            uint U32(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b);
            ulong U64(ReadOnlySpan<byte> b) => little ? BinaryPrimitives.ReadUInt64LittleEndian(b) : BinaryPrimitives.ReadUInt64BigEndian(b);
            ushort version = U16(head[2..]);
            bool big = version == 43;
            if (version != 42 && !big)
            {
                return null;
            }

            long offset = big ? (long)U64(head[8..]) : U32(head[4..]);
            int countSize = big ? 8 : 2, entrySize = big ? 20 : 12;
            if (offset <= 0 || offset >= stream.Length)
            {
                return null;
            }

            stream.Position = offset;
            Span<byte> countBytes = stackalloc byte[8];
            if (stream.ReadAtLeast(countBytes[..countSize], countSize, throwOnEndOfStream: false) < countSize)
            {
                return null;
            }

            long count = big ? (long)U64(countBytes) : U16(countBytes);
            long width = 0, height = 0, tileWidth = 0, tileHeight = 0, predictor = 1;
            var entry = new byte[entrySize];
            for (long i = 0; i < Math.Min(count, 4096); i++)
            {
                if (stream.ReadAtLeast(entry, entrySize, throwOnEndOfStream: false) < entrySize)
                {
                    break;
                }

                ushort tag = U16(entry), type = U16(entry.AsSpan(2));
                var value = entry.AsSpan(big ? 12 : 8);
                long v = type switch
                {
                    3 => U16(value),
                    4 => U32(value),
                    16 => (long)Math.Min(U64(value), long.MaxValue),
                    _ => -1,
                };
                switch (tag)
                {
                    case 256: width = v; break;
                    case 257: height = v; break;
                    case 322: tileWidth = v; break;
                    case 323: tileHeight = v; break;
                    case 317: predictor = v; break;
                }
            }

            return (width, height, tileWidth, tileHeight, (int)Math.Clamp(predictor, 0, int.MaxValue));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
