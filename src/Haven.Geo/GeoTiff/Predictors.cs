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
        // Byte-wise running sums over the whole row, then the significance planes put back into values.
        for (int i = stride; i < row.Length; i++)
        {
            row[i] += row[i - stride];
        }

        int count = row.Length / size;
        var planes = scratch[..row.Length];
        row.CopyTo(planes);
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
