using System.Globalization;
using Haven.Geo.Crs;
using Haven.Geo.GeoJson;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Sampling;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Haven.Benchmarks;

/// <summary>
/// Writes a folder laid out as OPERA RTC-S1 downloads are (bench/align-vs-gdalwarp.sh): 15 bursts (3 swaths x 5
/// along track, overlapping, each on its own 30 m grid in UTM 36N, as OPERA snaps them) x 21 dates x VV and VH,
/// Float32 linear gamma0 with NaN outside the burst's footprint, DEFLATE with the floating-point predictor in
/// 512-pixel tiles, named as OPERA names them, in FOLDER/products; and FOLDER/aoi.geojson (WGS 84) over the middle. Synthetic.
/// Run: dotnet run -c Release --project bench/Haven.Benchmarks -- burst-folder FOLDER [WIDTH HEIGHT]
/// </summary>
public static class BurstFolder
{
    public static int Run(string[] args)
    {
        string folder = args[1];
        int width = args.Length > 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1200;
        int height = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 500;
        if (File.Exists(Path.Combine(folder, "aoi.geojson")))
        {
            Console.WriteLine($"{folder} already holds the bursts.");
            return 0;
        }

        string products = Directory.CreateDirectory(Path.Combine(folder, "products")).FullName;
        var options = new GeoTiffWriteOptions { Compression = GeoTiffCompression.Deflate, Predictor = GeoTiffPredictor.FloatingPoint, TileSize = 512 };
        var start = new DateTime(2023, 6, 3, 3, 52, 10, DateTimeKind.Utc);
        int files = 0;
        for (int swath = 0; swath < 3; swath++)
        {
            for (int along = 0; along < 5; along++)
            {
                // Swaths overlap by a tenth across track, bursts by a tenth along it.
                double x0 = 600_000 + swath * width * 30 * 0.9;
                double y0 = 3_600_000 - along * height * 30 * 0.9;
                var grid = new RasterGrid(width, height, GeoTransform.NorthUp(x0, y0, 30, 30), 32636);
                string burst = $"{292_318 + along * 3:000000}-IW{swath + 1}";
                for (int d = 0; d < 21; d++)
                {
                    var acquired = start.AddDays(12 * d).AddSeconds(along * 2.8 + swath * 0.6);
                    foreach (string pol in new[] { "VV", "VH" })
                    {
                        var rng = new DeterministicRandom((ulong)(files + 1));
                        var values = new float[grid.CellCount];
                        for (int r = 0; r < height; r++)
                        {
                            for (int c = 0; c < width; c++)
                            {
                                // A slanted footprint edge, as bursts have, with NaN beyond it.
                                bool inside = c > r * 0.05 && c < width - (height - r) * 0.05;
                                values[r * width + c] = inside ? (float)((pol == "VV" ? 0.2 : 0.05) * rng.NextGamma(4.5, 1 / 4.5)) : float.NaN;
                            }
                        }

                        string name = $"OPERA_L2_RTC-S1_T021-{burst}_{acquired:yyyyMMdd'T'HHmmss}Z_{acquired.AddHours(9):yyyyMMdd'T'HHmmss}Z_S1A_30_v1.0_{pol}.tif";
                        GeoTiffWriter.Write(Path.Combine(products, name), grid, [values], double.NaN, options);
                        files++;
                    }
                }
            }

            Console.WriteLine($"swath {swath + 1}: {files} files");
        }

        // The area of interest: the middle of the mosaic, a little smaller than the whole.
        var utm = new UtmProjection(32636);
        double w = width * 30 * (1 + 2 * 0.9), h = height * 30 * (1 + 4 * 0.9);
        var aoi = new GeometryFactory().ToGeometry(new Envelope(600_000 + w * 0.1, 600_000 + w * 0.9, 3_600_000 - h * 0.9, 3_600_000 - h * 0.1));
        GeoJsonFiles.Write(Path.Combine(folder, "aoi.geojson"), new FeatureCollection { new Feature(utm.ToWgs84(aoi), new AttributesTable { { "name", "aoi" } }) });
        Console.WriteLine($"{files} burst files in {products}");
        return 0;
    }
}
