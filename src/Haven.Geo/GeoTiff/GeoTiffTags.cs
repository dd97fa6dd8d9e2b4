using BitMiracle.LibTiff.Classic;

namespace Haven.Geo.GeoTiff;

/// <summary>
/// The GeoTIFF and GDAL tags LibTiff.NET does not know, registered once for the process through a chained
/// tag extender. Thread-safe: registration happens in the static constructor.
/// </summary>
internal static class GeoTiffTags
{
    public const TiffTag ModelPixelScale = (TiffTag)33550;
    public const TiffTag ModelTiepoint = (TiffTag)33922;
    public const TiffTag ModelTransformation = (TiffTag)34264;
    public const TiffTag GeoKeyDirectory = (TiffTag)34735;
    public const TiffTag GeoDoubleParams = (TiffTag)34736;
    public const TiffTag GeoAsciiParams = (TiffTag)34737;
    public const TiffTag GdalMetadata = (TiffTag)42112;
    public const TiffTag GdalNoData = (TiffTag)42113;

    // GeoKey ids (GeoTIFF 1.1, OGC 19-008r4, section 7).
    public const ushort GTModelTypeGeoKey = 1024;
    public const ushort GTRasterTypeGeoKey = 1025;
    public const ushort GeographicTypeGeoKey = 2048;
    public const ushort ProjectedCSTypeGeoKey = 3072;
    public const ushort ModelTypeProjected = 1;
    public const ushort ModelTypeGeographic = 2;
    public const ushort RasterPixelIsArea = 1;

    private static readonly Tiff.TiffExtendProc? Parent;

    static GeoTiffTags()
    {
        Parent = Tiff.SetTagExtender(Extend);
    }

    /// <summary>Makes sure the extender is registered; call before opening any file.</summary>
    public static void EnsureRegistered()
    {
        // The static constructor does the work; this call only triggers it.
    }

    private static void Extend(Tiff tif)
    {
        TiffFieldInfo[] fields =
        [
            new(ModelPixelScale, -1, -1, TiffType.DOUBLE, FieldBit.Custom, true, true, "ModelPixelScaleTag"),
            new(ModelTiepoint, -1, -1, TiffType.DOUBLE, FieldBit.Custom, true, true, "ModelTiepointTag"),
            new(ModelTransformation, -1, -1, TiffType.DOUBLE, FieldBit.Custom, true, true, "ModelTransformationTag"),
            new(GeoKeyDirectory, -1, -1, TiffType.SHORT, FieldBit.Custom, true, true, "GeoKeyDirectoryTag"),
            new(GeoDoubleParams, -1, -1, TiffType.DOUBLE, FieldBit.Custom, true, true, "GeoDoubleParamsTag"),
            new(GeoAsciiParams, -1, -1, TiffType.ASCII, FieldBit.Custom, true, false, "GeoAsciiParamsTag"),
            new(GdalMetadata, -1, -1, TiffType.ASCII, FieldBit.Custom, true, false, "GDALMetadata"),
            new(GdalNoData, -1, -1, TiffType.ASCII, FieldBit.Custom, true, false, "GDALNoData"),
        ];
        tif.MergeFieldInfo(fields, fields.Length);
        Parent?.Invoke(tif);
    }
}
