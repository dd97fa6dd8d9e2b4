using System.Globalization;
using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;
using Haven.Geo.Rasters;

namespace Haven.Geo.GeoTiff;

/// <summary>
/// Reads the first band of a GeoTIFF (strips or tiles, any compression LibTiff.NET decodes) as Float32, with
/// its grid, CRS and nodata. Problems with the file come back as a <see cref="Problem"/> naming the file.
/// Thread-safe: each call owns its file handle.
/// </summary>
public static class GeoTiffReader
{
    public static Outcome<Raster<float>> ReadFloat32(string path)
    {
        GeoTiffTags.EnsureRegistered();
        if (!File.Exists(path))
        {
            return Outcome<Raster<float>>.Failure("geotiff.not_found", $"{path}: file not found.");
        }

        // LibTiff.NET reports format errors through its error handler; capture them instead of printing.
        var errors = new CollectingErrorHandler();
        Tiff.SetErrorHandler(errors);
        using var tif = Tiff.Open(path, "r");
        if (tif is null)
        {
            return Outcome<Raster<float>>.Failure("geotiff.unreadable",
                $"{path}: not a readable TIFF file{errors.Describe()}.");
        }

        int width = tif.GetField(TiffTag.IMAGEWIDTH)[0].ToInt();
        int height = tif.GetField(TiffTag.IMAGELENGTH)[0].ToInt();
        int bits = tif.GetField(TiffTag.BITSPERSAMPLE)?[0].ToInt() ?? 1;
        int spp = tif.GetField(TiffTag.SAMPLESPERPIXEL)?[0].ToInt() ?? 1;
        var format = (SampleFormat)(tif.GetField(TiffTag.SAMPLEFORMAT)?[0].ToInt() ?? (int)SampleFormat.UINT);
        var planar = (PlanarConfig)(tif.GetField(TiffTag.PLANARCONFIG)?[0].ToInt() ?? (int)PlanarConfig.CONTIG);
        if (spp != 1 && planar != PlanarConfig.SEPARATE && planar != PlanarConfig.CONTIG)
        {
            return Outcome<Raster<float>>.Failure("geotiff.layout", $"{path}: unsupported planar configuration {planar}.");
        }

        var grid = ReadGrid(tif, width, height, path);
        if (!grid.Succeeded)
        {
            return grid.Problem!;
        }

        double? noData = null;
        // GDAL_NODATA is ASCII; depending on how the tag was registered the text sits in the first or second value.
        foreach (var value in tif.GetField(GeoTiffTags.GdalNoData) ?? [])
        {
            string? text = value.Value is byte[] bytes ? System.Text.Encoding.ASCII.GetString(bytes) : value.ToString();
            if (double.TryParse(text?.Trim('\0', ' '), NumberStyles.Float, CultureInfo.InvariantCulture, out double ndValue))
            {
                noData = ndValue;
            }
        }

        var decoder = CellDecoder.For(bits, format);
        if (decoder is null)
        {
            return Outcome<Raster<float>>.Failure("geotiff.sample_type",
                $"{path}: {bits}-bit {format} samples are not supported; expected Byte, Int16, UInt16, Int32, Float32 or Float64.");
        }

        var data = new float[checked(width * height)];
        int bytesPerSample = bits / 8;
        int pixelStride = planar == PlanarConfig.CONTIG ? spp * bytesPerSample : bytesPerSample;
        if (tif.IsTiled())
        {
            int tw = tif.GetField(TiffTag.TILEWIDTH)[0].ToInt();
            int th = tif.GetField(TiffTag.TILELENGTH)[0].ToInt();
            var buffer = new byte[tif.TileSize()];
            for (int ty = 0; ty < height; ty += th)
            {
                for (int tx = 0; tx < width; tx += tw)
                {
                    if (tif.ReadTile(buffer, 0, tx, ty, 0, 0) < 0)
                    {
                        return Outcome<Raster<float>>.Failure("geotiff.corrupt",
                            $"{path}: tile at column {tx}, row {ty} cannot be decoded{errors.Describe()}.");
                    }

                    int w = Math.Min(tw, width - tx);
                    int h = Math.Min(th, height - ty);
                    for (int r = 0; r < h; r++)
                    {
                        decoder(buffer.AsSpan(r * tw * pixelStride), pixelStride, data.AsSpan((ty + r) * width + tx, w));
                    }
                }
            }
        }
        else
        {
            int rowsPerStrip = tif.GetField(TiffTag.ROWSPERSTRIP)?[0].ToInt() ?? height;
            rowsPerStrip = Math.Min(rowsPerStrip, height);
            var buffer = new byte[tif.StripSize()];
            int rowBytes = width * pixelStride;
            for (int row = 0, strip = 0; row < height; row += rowsPerStrip, strip++)
            {
                if (tif.ReadEncodedStrip(strip, buffer, 0, -1) < 0)
                {
                    return Outcome<Raster<float>>.Failure("geotiff.corrupt",
                        $"{path}: strip {strip} cannot be decoded{errors.Describe()}.");
                }

                int rows = Math.Min(rowsPerStrip, height - row);
                for (int r = 0; r < rows; r++)
                {
                    decoder(buffer.AsSpan(r * rowBytes), pixelStride, data.AsSpan((row + r) * width, width));
                }
            }
        }

        return new Raster<float>(grid.Value, data, noData);
    }

    private static Outcome<RasterGrid> ReadGrid(Tiff tif, int width, int height, string path)
    {
        int epsg = 0;
        var keys = tif.GetField(GeoTiffTags.GeoKeyDirectory);
        if (keys is { Length: > 1 })
        {
            var k = keys[1].ToUShortArray() ?? [];
            for (int i = 4; i + 3 < k.Length; i += 4)
            {
                if ((k[i] == GeoTiffTags.ProjectedCSTypeGeoKey || k[i] == GeoTiffTags.GeographicTypeGeoKey)
                    && k[i + 1] == 0 && k[i + 3] is > 0 and < 32767)
                {
                    epsg = k[i + 3];
                    if (k[i] == GeoTiffTags.ProjectedCSTypeGeoKey)
                    {
                        break;
                    }
                }
            }
        }

        var scale = tif.GetField(GeoTiffTags.ModelPixelScale);
        var tie = tif.GetField(GeoTiffTags.ModelTiepoint);
        var matrix = tif.GetField(GeoTiffTags.ModelTransformation);
        GeoTransform transform;
        if (scale is { Length: > 1 } && tie is { Length: > 1 })
        {
            double[] s = scale[1].ToDoubleArray();
            double[] t = tie[1].ToDoubleArray();
            if (s.Length < 2 || t.Length < 6)
            {
                return Outcome<RasterGrid>.Failure("geotiff.georeference", $"{path}: ModelPixelScale or ModelTiepoint is too short.");
            }

            transform = new GeoTransform(t[3] - t[0] * s[0], s[0], 0, t[4] + t[1] * s[1], 0, -s[1]);
        }
        else if (matrix is { Length: > 1 } && matrix[1].ToDoubleArray() is { Length: >= 8 } m)
        {
            transform = new GeoTransform(m[3], m[0], m[1], m[7], m[4], m[5]);
        }
        else
        {
            return Outcome<RasterGrid>.Failure("geotiff.georeference",
                $"{path}: no georeferencing (expected ModelPixelScale with ModelTiepoint, or ModelTransformation).");
        }

        return new RasterGrid(width, height, transform, epsg);
    }

    private delegate void CellDecoderFn(ReadOnlySpan<byte> source, int stride, Span<float> target);

    private static class CellDecoder
    {
        public static CellDecoderFn? For(int bits, SampleFormat format) => (bits, format) switch
        {
            (8, SampleFormat.UINT) => (s, st, t) => { for (int i = 0; i < t.Length; i++) { t[i] = s[i * st]; } },
            (16, SampleFormat.INT) => Typed<short>(),
            (16, SampleFormat.UINT) => Typed<ushort>(),
            (32, SampleFormat.INT) => Typed<int>(),
            (32, SampleFormat.IEEEFP) => Typed<float>(),
            (64, SampleFormat.IEEEFP) => Typed<double>(),
            _ => null,
        };

        private static CellDecoderFn Typed<T>() where T : unmanaged, IConvertible => (s, st, t) =>
        {
            for (int i = 0; i < t.Length; i++)
            {
                t[i] = MemoryMarshal.Read<T>(s.Slice(i * st)).ToSingle(CultureInfo.InvariantCulture);
            }
        };
    }

    private sealed class CollectingErrorHandler : TiffErrorHandler
    {
        private readonly List<string> _messages = [];

        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) =>
            _messages.Add(string.Format(CultureInfo.InvariantCulture, format, args));

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
        }

        public string Describe() => _messages.Count == 0 ? string.Empty : " (" + string.Join("; ", _messages) + ")";
    }
}
