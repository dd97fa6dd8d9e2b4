namespace Haven.Geo.Rasters;

/// <summary>Cell types Haven reads and writes, named as GDAL names them.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "GDAL's data type names, which users know.")]
public enum RasterDataType
{
    Byte,
    Int16,
    UInt16,
    Int32,
    Float32,
    Float64,

    /// <summary>Complex of two Float32 (real, imaginary), as single-look complex radar is delivered.</summary>
    CFloat32,
}

/// <summary>Sizes and names of <see cref="RasterDataType"/>.</summary>
public static class RasterDataTypes
{
    public static int SizeInBytes(this RasterDataType type) => type switch
    {
        RasterDataType.Byte => 1,
        RasterDataType.Int16 or RasterDataType.UInt16 => 2,
        RasterDataType.Int32 or RasterDataType.Float32 => 4,
        RasterDataType.Float64 or RasterDataType.CFloat32 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static bool IsComplex(this RasterDataType type) => type == RasterDataType.CFloat32;

    public static bool IsFloatingPoint(this RasterDataType type) =>
        type is RasterDataType.Float32 or RasterDataType.Float64 or RasterDataType.CFloat32;

    /// <summary>The data type of a .NET cell type.</summary>
    public static RasterDataType Of<T>() where T : unmanaged =>
        typeof(T) switch
        {
            var t when t == typeof(byte) => RasterDataType.Byte,
            var t when t == typeof(short) => RasterDataType.Int16,
            var t when t == typeof(ushort) => RasterDataType.UInt16,
            var t when t == typeof(int) => RasterDataType.Int32,
            var t when t == typeof(float) => RasterDataType.Float32,
            var t when t == typeof(double) => RasterDataType.Float64,
            var t when t == typeof(ComplexFloat) => RasterDataType.CFloat32,
            _ => throw new NotSupportedException($"Raster cells of type {typeof(T).Name} are not supported."),
        };
}

/// <summary>A complex cell of two Float32 values, laid out as TIFF CFloat32 (real first).</summary>
public readonly record struct ComplexFloat(float Real, float Imaginary)
{
    public float Magnitude => MathF.Sqrt(Real * Real + Imaginary * Imaginary);
}
