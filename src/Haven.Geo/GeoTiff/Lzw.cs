namespace Haven.Geo.GeoTiff;

/// <summary>
/// The TIFF variant of LZW decoding (TIFF 6.0, section 13): codes written most significant bit first, 9 to 12 bits
/// wide, 256 clears the table and 257 ends the data, and the width grows one code early (when the next free
/// entry is 2^n - 1), as every TIFF writer since libtiff 3 does. Strings are written backwards along their
/// prefix chain straight into the output, so no code is decoded twice.
/// </summary>
internal sealed class Lzw
{
    private const int Clear = 256;
    private const int End = 257;
    private const int First = 258;
    private const int MaxCodes = 4096;

    private readonly short[] _prefix = new short[MaxCodes];
    private readonly byte[] _suffix = new byte[MaxCodes];
    private readonly byte[] _head = new byte[MaxCodes];
    private readonly ushort[] _lengths = new ushort[MaxCodes];

    public Lzw()
    {
        for (int i = 0; i < 256; i++)
        {
            _suffix[i] = (byte)i;
            _head[i] = (byte)i;
            _lengths[i] = 1;
            _prefix[i] = -1;
        }
    }

    /// <summary>True when the data starts as old-style (LSB-first, pre-libtiff-3) LZW, which is left to LibTiff.</summary>
    public static bool IsOldStyle(ReadOnlySpan<byte> data) => data.Length >= 2 && data[0] == 0 && (data[1] & 0x1) != 0;

    /// <summary>Decodes <paramref name="source"/> into <paramref name="destination"/>; the number of bytes written, or -1 when the codes are not valid LZW.</summary>
    public int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ulong bits = 0;
        int held = 0, read = 0, written = 0;
        int width = 9, next = First, previous = -1;
        while (true)
        {
            while (held < width)
            {
                if (read == source.Length)
                {
                    return written; // the data ends without an end code, as some writers leave it
                }

                bits = (bits << 8) | source[read++];
                held += 8;
            }

            int code = (int)(bits >> (held - width)) & ((1 << width) - 1);
            held -= width;
            if (code == End)
            {
                return written;
            }

            if (code == Clear)
            {
                width = 9;
                next = First;
                previous = -1;
                continue;
            }

            if (previous < 0)
            {
                if (code >= Clear)
                {
                    return -1;
                }

                if (written < destination.Length)
                {
                    destination[written++] = (byte)code;
                }

                previous = code;
                continue;
            }

            if (code > next || next >= MaxCodes)
            {
                return -1;
            }

            // A new entry: the previous string plus the first byte of this one (or of itself, for the code not yet in the table).
            byte head = code == next ? _head[previous] : _head[code];
            _prefix[next] = (short)previous;
            _suffix[next] = head;
            _head[next] = _head[previous];
            _lengths[next] = (ushort)Math.Min(_lengths[previous] + 1, ushort.MaxValue);
            next++;
            if (next >= (1 << width) - 1 && width < 12)
            {
                width++;
            }

            int length = _lengths[code];
            if (written + length > destination.Length)
            {
                // More data than the block holds: keep what fits, as libtiff does, and stop.
                length = destination.Length - written;
                int skip = _lengths[code] - length, c = code;
                for (; skip > 0; skip--)
                {
                    c = _prefix[c];
                }

                WriteBackwards(c, destination.Slice(written, length));
                return destination.Length;
            }

            WriteBackwards(code, destination.Slice(written, length));
            written += length;
            previous = code;
        }
    }

    private void WriteBackwards(int code, Span<byte> target)
    {
        for (int i = target.Length - 1; i >= 0; i--)
        {
            target[i] = _suffix[code];
            code = _prefix[code];
        }
    }
}
