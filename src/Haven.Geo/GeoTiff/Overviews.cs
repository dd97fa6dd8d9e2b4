using System.Numerics;
using System.Runtime.InteropServices;
using Haven.Geo.Rasters;

namespace Haven.Geo.GeoTiff;

/// <summary>
/// Reduced-resolution copies of a band for overviews: each level halves the previous one by averaging the
/// valid cells of each 2 x 2 block (nodata and NaN cells are skipped; a block with none stays nodata), as
/// GDAL's AVERAGE resampling does. Integer cells are rounded; complex cells take the top-left cell.
/// </summary>
public static class Overviews
{
    /// <summary>One level down: half the width and height (rounded up).</summary>
    public static T[] Halve<T>(T[] source, int width, int height, double? noData, out int newWidth, out int newHeight)
        where T : unmanaged
    {
        newWidth = (width + 1) / 2;
        newHeight = (height + 1) / 2;
        var type = RasterDataTypes.Of<T>();
        var result = new T[newWidth * newHeight];
        if (type.IsComplex())
        {
            for (int r = 0; r < newHeight; r++)
            {
                for (int c = 0; c < newWidth; c++)
                {
                    result[r * newWidth + c] = source[2 * r * width + 2 * c];
                }
            }

            return result;
        }

        return type switch
        {
            RasterDataType.Byte => Average(MemoryMarshal.Cast<T, byte>(source).ToArray(), width, height, noData, newWidth, newHeight, true).Cast<byte, T>(),
            RasterDataType.Int16 => Average(MemoryMarshal.Cast<T, short>(source).ToArray(), width, height, noData, newWidth, newHeight, true).Cast<short, T>(),
            RasterDataType.UInt16 => Average(MemoryMarshal.Cast<T, ushort>(source).ToArray(), width, height, noData, newWidth, newHeight, true).Cast<ushort, T>(),
            RasterDataType.Int32 => Average(MemoryMarshal.Cast<T, int>(source).ToArray(), width, height, noData, newWidth, newHeight, true).Cast<int, T>(),
            RasterDataType.Float32 => Average(MemoryMarshal.Cast<T, float>(source).ToArray(), width, height, noData, newWidth, newHeight, false).Cast<float, T>(),
            _ => Average(MemoryMarshal.Cast<T, double>(source).ToArray(), width, height, noData, newWidth, newHeight, false).Cast<double, T>(),
        };
    }

    private static TOut[] Cast<TIn, TOut>(this TIn[] values) where TIn : unmanaged where TOut : unmanaged =>
        MemoryMarshal.Cast<TIn, TOut>(values.AsSpan()).ToArray();

    private static TCell[] Average<TCell>(TCell[] source, int width, int height, double? noData, int newWidth, int newHeight, bool round)
        where TCell : unmanaged, INumberBase<TCell>
    {
        var result = new TCell[newWidth * newHeight];
        TCell fill = noData is double nd ? TCell.CreateSaturating(nd) : TCell.CreateSaturating(double.NaN);
        for (int r = 0; r < newHeight; r++)
        {
            for (int c = 0; c < newWidth; c++)
            {
                double sum = 0;
                int n = 0;
                for (int dy = 0; dy < 2; dy++)
                {
                    int y = 2 * r + dy;
                    for (int dx = 0; dx < 2 && y < height; dx++)
                    {
                        int x = 2 * c + dx;
                        if (x >= width)
                        {
                            continue;
                        }

                        double v = double.CreateTruncating(source[y * width + x]);
                        if (double.IsNaN(v) || (noData is double skip && v == skip))
                        {
                            continue;
                        }

                        sum += v;
                        n++;
                    }
                }

                result[r * newWidth + c] = n == 0 ? fill : TCell.CreateSaturating(round ? Math.Round(sum / n) : sum / n);
            }
        }

        return result;
    }
}
