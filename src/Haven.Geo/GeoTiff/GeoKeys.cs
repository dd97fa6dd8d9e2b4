using System.Globalization;
using BitMiracle.LibTiff.Classic;
using Haven.Geo.Rasters;

namespace Haven.Geo.GeoTiff;

/// <summary>
/// Georeferencing in GeoTIFF 1.1 (OGC 19-008r4): the grid from ModelPixelScale + ModelTiepoint or
/// ModelTransformation, and the CRS from ProjectedCSTypeGeoKey or GeographicTypeGeoKey.
/// </summary>
internal static class GeoKeys
{
    public static Outcome<RasterGrid> ReadGrid(Tiff tif, int width, int height, string path)
    {
        int epsg = 0;
        bool pixelIsPoint = false;
        var keys = Values(tif, GeoTiffTags.GeoKeyDirectory)?.ToUShortArray();
        if (keys is { Length: >= 4 })
        {
            for (int i = 4; i + 3 < keys.Length; i += 4)
            {
                ushort id = keys[i], location = keys[i + 1], value = keys[i + 3];
                if (location != 0)
                {
                    continue;
                }

                if (id == GeoTiffTags.ProjectedCSTypeGeoKey && value is > 0 and < 32767)
                {
                    epsg = value;
                }
                else if (id == GeoTiffTags.GeographicTypeGeoKey && value is > 0 and < 32767 && epsg == 0)
                {
                    epsg = value;
                }
                else if (id == GeoTiffTags.GTRasterTypeGeoKey)
                {
                    pixelIsPoint = value == 2;
                }
            }
        }

        double[]? scale = Values(tif, GeoTiffTags.ModelPixelScale)?.ToDoubleArray();
        double[]? tie = Values(tif, GeoTiffTags.ModelTiepoint)?.ToDoubleArray();
        double[]? matrix = Values(tif, GeoTiffTags.ModelTransformation)?.ToDoubleArray();
        GeoTransform transform;
        if (scale is { Length: >= 2 } && tie is { Length: >= 6 })
        {
            transform = new GeoTransform(tie[3] - tie[0] * scale[0], scale[0], 0, tie[4] + tie[1] * scale[1], 0, -scale[1]);
        }
        else if (matrix is { Length: >= 8 })
        {
            transform = new GeoTransform(matrix[3], matrix[0], matrix[1], matrix[7], matrix[4], matrix[5]);
        }
        else
        {
            return Outcome<RasterGrid>.Failure("geotiff.georeference",
                $"{path}: no georeferencing (expected ModelPixelScale with ModelTiepoint, or ModelTransformation).");
        }

        if (transform.PixelWidth == 0 || transform.PixelHeight == 0 || !double.IsFinite(transform.OriginX) || !double.IsFinite(transform.OriginY))
        {
            return Outcome<RasterGrid>.Failure("geotiff.georeference",
                string.Create(CultureInfo.InvariantCulture, $"{path}: degenerate transform (pixel size {transform.PixelWidth} x {transform.PixelHeight})."));
        }

        if (pixelIsPoint)
        {
            // The tie point names a cell centre; move the origin to the cell corner, as GDAL does.
            var (x, y) = transform.ToMap(-0.5, -0.5);
            transform = transform with { OriginX = x, OriginY = y };
        }

        return new RasterGrid(width, height, transform, epsg);
    }

    public static void Write(Tiff tif, RasterGrid grid, double? noData)
    {
        var t = grid.Transform;
        if (t.RowRotation == 0 && t.ColumnRotation == 0)
        {
            tif.SetField(GeoTiffTags.ModelPixelScale, 3, new[] { t.PixelWidth, -t.PixelHeight, 0.0 });
            tif.SetField(GeoTiffTags.ModelTiepoint, 6, new[] { 0.0, 0.0, 0.0, t.OriginX, t.OriginY, 0.0 });
        }
        else
        {
            tif.SetField(GeoTiffTags.ModelTransformation, 16, Matrix(t));
        }

        ushort[] keys = Directory(grid.Epsg);
        tif.SetField(GeoTiffTags.GeoKeyDirectory, keys.Length, keys);
        if (noData is double nd)
        {
            tif.SetField(GeoTiffTags.GdalNoData, NoDataText(nd));
        }
    }

    public static double[] Matrix(GeoTransform t) =>
    [
        t.PixelWidth, t.RowRotation, 0, t.OriginX,
        t.ColumnRotation, t.PixelHeight, 0, t.OriginY,
        0, 0, 0, 0,
        0, 0, 0, 1,
    ];

    /// <summary>The GeoKey directory: model type, PixelIsArea, and the EPSG code of the CRS.</summary>
    public static ushort[] Directory(int epsg)
    {
        bool geographic = Crs.Epsg.IsGeographic(epsg) || epsg is >= 4000 and < 5000;
        return
        [
            1, 1, 0, 3,
            GeoTiffTags.GTModelTypeGeoKey, 0, 1, geographic ? GeoTiffTags.ModelTypeGeographic : GeoTiffTags.ModelTypeProjected,
            GeoTiffTags.GTRasterTypeGeoKey, 0, 1, GeoTiffTags.RasterPixelIsArea,
            geographic ? GeoTiffTags.GeographicTypeGeoKey : GeoTiffTags.ProjectedCSTypeGeoKey, 0, 1, checked((ushort)epsg),
        ];
    }

    public static string NoDataText(double noData) => noData.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The array value of a variable-count tag, wherever LibTiff.NET put it.</summary>
    private static FieldValue? Values(Tiff tif, TiffTag tag)
    {
        var values = tif.GetField(tag);
        if (values is null || values.Length == 0)
        {
            return null;
        }

        return values.Length > 1 ? values[1] : values[0];
    }
}
