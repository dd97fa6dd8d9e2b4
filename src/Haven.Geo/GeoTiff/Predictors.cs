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
