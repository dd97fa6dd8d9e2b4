using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using BitMiracle.LibTiff.Classic;
using Haven.Geo.Rasters;

namespace Haven.Geo.GeoTiff;

/// <summary>Turning a decoded block's bytes into cells of the caller's type.</summary>
public sealed partial class GeoTiffFile
{
    private static void Decode<T>(RasterDataType type, ReadOnlySpan<byte> src, int stride, Span<T> dst) where T : unmanaged, INumberBase<T>
    {
        switch (type)
        {
            case RasterDataType.Byte:
                for (int i = 0; i < dst.Length; i++)
                {
                    dst[i] = T.CreateTruncating(src[i * stride]);
                }

                break;
            case RasterDataType.Int16:
                Typed<short, T>(src, stride, dst);
                break;
            case RasterDataType.UInt16:
                Typed<ushort, T>(src, stride, dst);
                break;
            case RasterDataType.Int32:
                Typed<int, T>(src, stride, dst);
                break;
            case RasterDataType.Float32 when typeof(T) == typeof(float) && stride == sizeof(float):
                // The common case, contiguous Float32 into float: a block copy.
                MemoryMarshal.Cast<byte, T>(src[..(dst.Length * sizeof(float))]).CopyTo(dst);
                break;
            case RasterDataType.Float32:
                Typed<float, T>(src, stride, dst);
                break;
            case RasterDataType.Float64:
                Typed<double, T>(src, stride, dst);
                break;
            default:
                throw new NotSupportedException($"Cannot decode {type} cells as {typeof(T).Name}.");
        }
    }

    private static void Typed<TSource, T>(ReadOnlySpan<byte> src, int stride, Span<T> dst)
        where TSource : unmanaged, INumberBase<TSource>
        where T : unmanaged, INumberBase<T>
    {
        for (int i = 0; i < dst.Length; i++)
        {
            dst[i] = T.CreateTruncating(MemoryMarshal.Read<TSource>(src.Slice(i * stride)));
        }
    }
}
