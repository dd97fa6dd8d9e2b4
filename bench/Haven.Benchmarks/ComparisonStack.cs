using System.Globalization;
using Haven.Damage.Simulation;
using Haven.Damage.Stacks;
using Haven.Geo.Crs;
using Haven.Geo.GeoJson;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Haven.Benchmarks;

/// <summary>
/// Writes the synthetic stack the numpy comparison runs on (bench/pwtt-vs-numpy.sh): SIZE x SIZE pixels of 10 m,
/// two orbits x VV and VH x 33 dates (30 in the year before the event, 3 after it) = 132 images, in a layout
/// (<c>deflate-tiles</c>: DEFLATE with the floating-point predictor in 256-pixel tiles, as products are; or
/// <c>strips</c>: uncompressed), with the manifest, the buildings and two areas as GeoJSON in WGS 84.
/// Run: dotnet run -c Release --project bench/Haven.Benchmarks -- stack-write SIZE LAYOUT FOLDER
/// </summary>
public static class ComparisonStack
{
    public static readonly DateOnly EventDate = new(2023, 10, 7);

    public static int Run(string[] args)
    {
        int size = int.Parse(args[1], CultureInfo.InvariantCulture);
        string layout = args[2];
        string folder = args[3];
        if (File.Exists(Path.Combine(folder, "stack.csv")))
        {
            Console.WriteLine($"{folder} already holds the stack.");
            return 0;
        }

        var options = layout switch
        {
            "strips" => new GeoTiffWriteOptions { Compression = GeoTiffCompression.None },
            "deflate-tiles" => new GeoTiffWriteOptions { Compression = GeoTiffCompression.Deflate, Predictor = GeoTiffPredictor.FloatingPoint, TileSize = 256 },
            _ => null,
        };
        if (options is null)
        {
            Console.Error.WriteLine($"layout '{layout}': expected strips or deflate-tiles.");
            return 2;
        }

        Directory.CreateDirectory(folder);
        var grid = new RasterGrid(size, size, GeoTransform.NorthUp(600_000, 3_500_000, 10, 10), 32636);
        var (buildings, scene) = PwttEndToEnd.Scene(grid);
        var dates = Enumerable.Range(0, 30).Select(i => new DateOnly(2022, 10, 20).AddDays(12 * i))
            .Concat(Enumerable.Range(0, 3).Select(i => new DateOnly(2023, 10, 15).AddDays(12 * i))).ToList();
        var entries = new List<StackEntry>();
        foreach (int orbit in new[] { 87, 160 })
        {
            var simulator = new SarStackSimulator(scene, EventDate, (ulong)orbit);
            foreach (var date in dates)
            {
                foreach (var pol in Enum.GetValues<Polarisation>())
                {
                    string name = $"s1_t{orbit:000}_{date:yyyyMMdd}_{pol.ToString().ToLowerInvariant()}.tif";
                    GeoTiffWriter.Write(Path.Combine(folder, name), simulator.Simulate(date, pol), options);
                    entries.Add(new StackEntry(name, date, orbit, pol));
                }
            }

            Console.WriteLine($"orbit {orbit}: {dates.Count * 2} images written");
        }

        File.WriteAllText(Path.Combine(folder, "stack.csv"), StackManifest.Format(entries));
        var utm = new UtmProjection(grid.Epsg);
        var features = new FeatureCollection();
        foreach (var b in buildings)
        {
            features.Add(new Feature(utm.ToWgs84(b.Shape), new AttributesTable { { "id", b.Id } }));
        }

        GeoJsonFiles.Write(Path.Combine(folder, "buildings.geojson"), features);
        var f = new GeometryFactory();
        double half = size * 5;
        var areas = new FeatureCollection
        {
            new Feature(utm.ToWgs84(f.ToGeometry(new Envelope(600_000, 600_000 + half, 3_500_000 - size * 10, 3_500_000))), new AttributesTable { { "pcode", "W" }, { "name", "West half" } }),
            new Feature(utm.ToWgs84(f.ToGeometry(new Envelope(600_000 + half, 600_000 + size * 10, 3_500_000 - size * 10, 3_500_000))), new AttributesTable { { "pcode", "E" }, { "name", "East half" } }),
        };
        GeoJsonFiles.Write(Path.Combine(folder, "areas.geojson"), areas);
        Console.WriteLine($"{entries.Count} images, {features.Count:N0} buildings in {folder}");
        return 0;
    }
}
