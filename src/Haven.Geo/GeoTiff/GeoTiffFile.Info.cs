using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using BitMiracle.LibTiff.Classic;
using Haven.Geo.Rasters;

namespace Haven.Geo.GeoTiff;

/// <summary>Reading a file's structure: size, cell type, layout, georeferencing and overviews, with declared sizes checked against the limits.</summary>
public sealed partial class GeoTiffFile
{
    private static Outcome<GeoTiffInfo> ReadInfo(Tiff tif, string path, RasterLimits limits, int declaredPredictor, out int spp, out int rowsPerStrip)
    {
        int width = tif.GetField(TiffTag.IMAGEWIDTH)?[0].ToInt() ?? 0;
        int height = tif.GetField(TiffTag.IMAGELENGTH)?[0].ToInt() ?? 0;
        int bits = tif.GetField(TiffTag.BITSPERSAMPLE)?[0].ToInt() ?? 1;
        spp = tif.GetField(TiffTag.SAMPLESPERPIXEL)?[0].ToInt() ?? 1;
        rowsPerStrip = Math.Min(tif.GetField(TiffTag.ROWSPERSTRIP)?[0].ToInt() ?? height, Math.Max(height, 1));
        var format = (SampleFormat)(tif.GetField(TiffTag.SAMPLEFORMAT)?[0].ToInt() ?? (int)SampleFormat.UINT);
        var planar = (PlanarConfig)(tif.GetField(TiffTag.PLANARCONFIG)?[0].ToInt() ?? (int)PlanarConfig.CONTIG);
        var compression = (Compression)(tif.GetField(TiffTag.COMPRESSION)?[0].ToInt() ?? (int)Compression.NONE);
        // LibTiff.NET knows the predictor tag only through the codecs it has (for others it answers 1); for Zstandard it comes from the header.
        int predictor = (int)compression == ZstdCode ? declaredPredictor : tif.GetField(TiffTag.PREDICTOR)?[0].ToInt() ?? declaredPredictor;
        if (width <= 0 || height <= 0)
        {
            return Outcome<GeoTiffInfo>.Failure("geotiff.size", $"{path}: image size {width} x {height} is not valid.");
        }

        if ((int)compression != ZstdCode && !tif.IsCodecConfigured(compression))
        {
            return Outcome<GeoTiffInfo>.Failure("geotiff.compression", string.Create(CultureInfo.InvariantCulture,
                $"{path}: compression {CompressionName((int)compression)} (TIFF code {(int)compression}) is not one Haven reads; expected none, DEFLATE, LZW, ZSTD or PackBits. Convert it, for example with gdal_translate -co COMPRESS=DEFLATE -co PREDICTOR=3."));
        }

        // Declared sizes are checked before anything is allocated for them.
        if ((long)width * height > limits.MaxCells)
        {
            return TooLarge(path, width, height, limits).Problem!;
        }

        if (spp is < 1 or > 64 || rowsPerStrip < 1)
        {
            return Outcome<GeoTiffInfo>.Failure("geotiff.layout", $"{path}: {spp} samples per pixel and {rowsPerStrip} rows per strip are not a valid layout.");
        }

        if (tif.IsTiled() && (tif.GetField(TiffTag.TILEWIDTH)?[0].ToInt() ?? 0) is var tw && (tif.GetField(TiffTag.TILELENGTH)?[0].ToInt() ?? 0) is var th
            && (tw < 1 || th < 1 || tw > 65_536 || th > 65_536))
        {
            return Outcome<GeoTiffInfo>.Failure("geotiff.layout", $"{path}: tiles of {tw} x {th} cells are not a valid layout.");
        }

        RasterDataType? type = (bits, format) switch
        {
            (8, SampleFormat.UINT) => RasterDataType.Byte,
            (16, SampleFormat.INT) => RasterDataType.Int16,
            (16, SampleFormat.UINT) => RasterDataType.UInt16,
            (32, SampleFormat.INT) => RasterDataType.Int32,
            (32, SampleFormat.IEEEFP) => RasterDataType.Float32,
            (64, SampleFormat.IEEEFP) => RasterDataType.Float64,
            (64, SampleFormat.COMPLEXIEEEFP) => RasterDataType.CFloat32,
            _ => null,
        };
        if (type is null)
        {
            return Outcome<GeoTiffInfo>.Failure("geotiff.sample_type",
                $"{path}: {bits}-bit {format} samples are not supported; expected Byte, Int16, UInt16, Int32, Float32, Float64 or CFloat32.");
        }

        var grid = GeoKeys.ReadGrid(tif, width, height, path);
        if (!grid.Succeeded)
        {
            return grid.Problem!;
        }

        double? noData = null;
        foreach (var value in tif.GetField(GeoTiffTags.GdalNoData) ?? [])
        {
            // ASCII: depending on how the tag was registered the text sits in the first or second value.
            string? text = value.Value is byte[] bytes ? Encoding.ASCII.GetString(bytes) : value.ToString();
            if (double.TryParse(text?.Trim('\0', ' '), NumberStyles.Float, CultureInfo.InvariantCulture, out double nd))
            {
                noData = nd;
            }
        }

        bool tiled = tif.IsTiled();
        int blockWidth = tiled ? tif.GetField(TiffTag.TILEWIDTH)[0].ToInt() : width;
        int blockHeight = tiled ? tif.GetField(TiffTag.TILELENGTH)[0].ToInt() : rowsPerStrip;
        int overviews = CountOverviews(tif);
        return new GeoTiffInfo(path, grid.Value, spp, type.Value, noData,
            compression switch
            {
                Compression.NONE => GeoTiffCompression.None,
                Compression.ADOBE_DEFLATE or Compression.DEFLATE => GeoTiffCompression.Deflate,
                Compression.LZW => GeoTiffCompression.Lzw,
                (Compression)ZstdCode => GeoTiffCompression.Zstd,
                _ => GeoTiffCompression.Other,
            },
            Enum.IsDefined((GeoTiffPredictor)predictor) ? (GeoTiffPredictor)predictor : GeoTiffPredictor.None,
            tiled, blockWidth, blockHeight, spp > 1 && planar == PlanarConfig.CONTIG, overviews);
    }

    /// <summary>Most strips or tiles one image may have: the decoder holds a table of their offsets and sizes.</summary>
    private const long MaxBlocks = 4_000_000;

    private static Outcome<GeoTiffFile> TooLarge(string path, long width, long height, RasterLimits limits) =>
        Outcome<GeoTiffFile>.Failure("geotiff.too_large", string.Create(CultureInfo.InvariantCulture,
            $"{path}: declares {width:N0} x {height:N0} = {width * height:N0} cells, more than the {limits.MaxCells:N0} Haven reads from one image (HAVEN_MAX_RASTER_CELLS); crop it to the area of interest first."));

    /// <summary>Reduced-resolution images that follow the first IFD (internal overviews).</summary>
    private static int CountOverviews(Tiff tif)
    {
        int count = 0;
        short directories = tif.NumberOfDirectories();
        if (directories <= 1)
        {
            // No directory follows: nothing to look at, and no need to read the first one again.
            return 0;
        }

        for (short d = 1; d < directories; d++)
        {
            if (tif.SetDirectory(d) && ((tif.GetField(TiffTag.SUBFILETYPE)?[0].ToInt() ?? 0) & (int)FileType.REDUCEDIMAGE) != 0)
            {
                count++;
            }
        }

        tif.SetDirectory(0);
        return count;
    }

    /// <summary>GDAL's private TIFF compression code for Zstandard.</summary>
    internal const int ZstdCode = 50000;

    private static string CompressionName(int code) => code switch
    {
        34887 => "LERC",
        50001 => "WebP",
        50002 => "JPEG XL",
        34712 => "JPEG 2000",
        _ => ((Compression)code).ToString(),
    };
}
