using BitMiracle.LibTiff.Classic;

namespace Haven.Geo.GeoTiff;

/// <summary>Maps a .NET cell type to TIFF BitsPerSample and SampleFormat.</summary>
internal static class SampleType
{
    public static (int Bits, SampleFormat Format) Of<T>() where T : unmanaged =>
        typeof(T) switch
        {
            var t when t == typeof(byte) => (8, SampleFormat.UINT),
            var t when t == typeof(short) => (16, SampleFormat.INT),
            var t when t == typeof(ushort) => (16, SampleFormat.UINT),
            var t when t == typeof(int) => (32, SampleFormat.INT),
            var t when t == typeof(float) => (32, SampleFormat.IEEEFP),
            var t when t == typeof(double) => (64, SampleFormat.IEEEFP),
            _ => throw new NotSupportedException($"GeoTIFF cells of type {typeof(T).Name} are not supported."),
        };
}
