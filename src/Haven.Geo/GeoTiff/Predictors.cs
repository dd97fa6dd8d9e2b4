using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Haven.Geo.GeoTiff;

/// <summary>
/// TIFF predictors applied before compression, row by row, exactly as libtiff's encoders do: horizontal
/// differencing (TIFF 6.0, section 14) in the sample's width, and the floating-point predictor (Adobe
/// Photoshop TIFF Technical Note 3: bytes of each value split into planes, most significant first, then
/// byte-wise differencing).
/// </summary>
internal static class Predictors
{
    /// <summary>Applies the predictor in place to one row of <paramref name="samplesPerPixel"/>-sample pixels.</summary>
    public static void Encode(Span<byte> row, GeoTiffPredictor predictor, int bytesPerSample, int samplesPerPixel)
    {
        switch (predictor)
        {
            case GeoTiffPredictor.Horizontal:
                Horizontal(row, bytesPerSample, samplesPerPixel);
                break;
            case GeoTiffPredictor.FloatingPoint:
                FloatingPoint(row, bytesPerSample, samplesPerPixel);
                break;
        }
    }

    /// <summary>
    /// Undoes the predictor in place on one decoded row (the machine's byte order, little-endian);
    /// <paramref name="scratch"/> is at least as long as the row.
    /// </summary>
    public static void Decode(Span<byte> row, GeoTiffPredictor predictor, int bytesPerSample, int samplesPerPixel, Span<byte> scratch)
    {
        switch (predictor)
        {
            case GeoTiffPredictor.Horizontal:
                UndoHorizontal(row, bytesPerSample, samplesPerPixel);
                break;
            case GeoTiffPredictor.FloatingPoint:
                UndoFloatingPoint(row, bytesPerSample, samplesPerPixel, scratch);
                break;
        }
    }

    private static void UndoHorizontal(Span<byte> row, int size, int stride)
    {
        switch (size)
        {
            case 1:
                for (int i = stride; i < row.Length; i++)
                {
                    row[i] += row[i - stride];
                }

                break;
            case 2:
                var shorts = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(row);
                for (int i = stride; i < shorts.Length; i++)
                {
                    shorts[i] += shorts[i - stride];
                }

                break;
            case 4:
                var ints = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(row);
                for (int i = stride; i < ints.Length; i++)
                {
                    ints[i] += ints[i - stride];
                }

                break;
            default:
                var longs = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(row);
                for (int i = stride; i < longs.Length; i++)
                {
                    longs[i] += longs[i - stride];
                }

                break;
        }
    }

    private static void UndoFloatingPoint(Span<byte> row, int size, int stride, Span<byte> scratch)
    {
        // Byte-wise running sums over the whole row into the scratch, then the significance planes put back into values.
        var planes = scratch[..row.Length];
        if (stride == 1 && Sse2.IsSupported && Ssse3.IsSupported)
        {
            PrefixSumVector(row, planes);
        }
        else
        {
            row[..stride].CopyTo(planes);
            for (int i = stride; i < row.Length; i++)
            {
                planes[i] = (byte)(row[i] + planes[i - stride]);
            }
        }

        int count = row.Length / size;
        if (size == 4 && Sse2.IsSupported)
        {
            InterleaveFour(planes, row, count);
            return;
        }

        for (int b = 0; b < size; b++)
        {
            // Little-endian: byte b of a value comes from significance plane size - 1 - b.
            var plane = planes.Slice((size - 1 - b) * count, count);
            for (int i = 0; i < count; i++)
            {
                row[size * i + b] = plane[i];
            }
        }
    }

    /// <summary>Running byte sums of <paramref name="source"/> into <paramref name="destination"/>, 16 bytes at a time (log-step shifts within a vector, then the carry).</summary>
    private static void PrefixSumVector(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var carry = Vector128<byte>.Zero;
        var last = Vector128.Create((byte)15);
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref byte dst = ref MemoryMarshal.GetReference(destination);
        int i = 0;
        for (; i <= source.Length - 16; i += 16)
        {
            var v = Vector128.LoadUnsafe(ref src, (nuint)i);
            v = Sse2.Add(v, Sse2.ShiftLeftLogical128BitLane(v, 1));
            v = Sse2.Add(v, Sse2.ShiftLeftLogical128BitLane(v, 2));
            v = Sse2.Add(v, Sse2.ShiftLeftLogical128BitLane(v, 4));
            v = Sse2.Add(v, Sse2.ShiftLeftLogical128BitLane(v, 8));
            v = Sse2.Add(v, carry);
            v.StoreUnsafe(ref dst, (nuint)i);
            carry = Ssse3.Shuffle(v, last);
        }

        byte running = i == 0 ? (byte)0 : destination[i - 1];
        for (; i < source.Length; i++)
        {
            running += source[i];
            destination[i] = running;
        }
    }

    /// <summary>Four byte planes (most significant first) woven back into little-endian 4-byte values, 16 values at a time.</summary>
    private static void InterleaveFour(ReadOnlySpan<byte> planes, Span<byte> row, int count)
    {
        ref byte p = ref MemoryMarshal.GetReference(planes);
        ref byte r = ref MemoryMarshal.GetReference(row);
        int i = 0;
        for (; i <= count - 16; i += 16)
        {
            var b0 = Vector128.LoadUnsafe(ref p, (nuint)(3 * count + i)); // least significant bytes
            var b1 = Vector128.LoadUnsafe(ref p, (nuint)(2 * count + i));
            var b2 = Vector128.LoadUnsafe(ref p, (nuint)(count + i));
            var b3 = Vector128.LoadUnsafe(ref p, (nuint)i);
            var low01 = Sse2.UnpackLow(b0, b1).AsUInt16();
            var high01 = Sse2.UnpackHigh(b0, b1).AsUInt16();
            var low23 = Sse2.UnpackLow(b2, b3).AsUInt16();
            var high23 = Sse2.UnpackHigh(b2, b3).AsUInt16();
            Sse2.UnpackLow(low01, low23).AsByte().StoreUnsafe(ref r, (nuint)(4 * i));
            Sse2.UnpackHigh(low01, low23).AsByte().StoreUnsafe(ref r, (nuint)(4 * i + 16));
            Sse2.UnpackLow(high01, high23).AsByte().StoreUnsafe(ref r, (nuint)(4 * i + 32));
            Sse2.UnpackHigh(high01, high23).AsByte().StoreUnsafe(ref r, (nuint)(4 * i + 48));
        }

        for (; i < count; i++)
        {
            for (int b = 0; b < 4; b++)
            {
                row[4 * i + b] = planes[(3 - b) * count + i];
            }
        }
    }

    private static void Horizontal(Span<byte> row, int size, int stride)
    {
        int count = row.Length / size;
        for (int i = count - 1; i >= stride; i--)
        {
            switch (size)
            {
                case 1:
                    row[i] = (byte)(row[i] - row[i - stride]);
                    break;
                case 2:
                    Write(row, i, 2, (ulong)(ushort)(Read(row, i, 2) - Read(row, i - stride, 2)));
                    break;
                case 4:
                    Write(row, i, 4, (uint)(Read(row, i, 4) - Read(row, i - stride, 4)));
                    break;
                default:
                    Write(row, i, 8, Read(row, i, 8) - Read(row, i - stride, 8));
                    break;
            }
        }
    }

    private static void FloatingPoint(Span<byte> row, int size, int stride)
    {
        int count = row.Length / size;
        var copy = row.ToArray();
        for (int i = 0; i < count; i++)
        {
            for (int b = 0; b < size; b++)
            {
                // Little-endian: byte b of a value is significance plane size - 1 - b.
                row[(size - 1 - b) * count + i] = copy[size * i + b];
            }
        }

        for (int i = row.Length - 1; i >= stride; i--)
        {
            row[i] = (byte)(row[i] - row[i - stride]);
        }
    }

    private static ulong Read(Span<byte> row, int index, int size)
    {
        ulong v = 0;
        for (int b = size - 1; b >= 0; b--)
        {
            v = (v << 8) | row[index * size + b];
        }

        return v;
    }

    private static void Write(Span<byte> row, int index, int size, ulong value)
    {
        for (int b = 0; b < size; b++)
        {
            row[index * size + b] = (byte)(value >> (8 * b));
        }
    }
}
