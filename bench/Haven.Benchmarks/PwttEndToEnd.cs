using System.Diagnostics;
using System.Globalization;
using System.Text;
using Haven.Damage.Assessment;
using Haven.Damage.Pwtt;
using Haven.Damage.Scoring;
using Haven.Damage.Simulation;
using Haven.Damage.Stacks;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;
using Haven.Geo.Sampling;
using NetTopologySuite.Geometries;

namespace Haven.Benchmarks;

/// <summary>
/// PWTT end to end on a large synthetic stack (default 4,000 x 4,000 pixels, 12 pre + 3 post dates, VV and
/// VH: 480 million pixel-samples): seconds per stage, pixel-samples per second, peak memory, and the time to
/// read the stack's bytes once. One measured run after the stack is written; not a BenchmarkDotNet suite,
/// because one run takes seconds and its memory peak is the point.
/// Run: dotnet run -c Release --project bench/Haven.Benchmarks -- pwtt-stack [size] [layout] [folder], with layout
/// <c>strips</c> (uncompressed Float32 strips, the friendliest case) or <c>deflate-tiles</c> (DEFLATE with the
/// floating-point predictor in 256-pixel tiles, as Sentinel-1 products and COGs are laid out).
/// </summary>
public static class PwttEndToEnd
{
    public static int Run(string[] args)
    {
        int size = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4000;
        string layout = args.Length > 2 ? args[2] : "strips";
        if (layout is not ("strips" or "deflate-tiles"))
        {
            Console.Error.WriteLine($"layout '{layout}': expected strips or deflate-tiles.");
            return 2;
        }

        var writeOptions = layout == "strips" ? new GeoTiffWriteOptions { Compression = GeoTiffCompression.None }
            : new GeoTiffWriteOptions { Compression = GeoTiffCompression.Deflate, Predictor = GeoTiffPredictor.FloatingPoint, TileSize = 256 };
        string described = layout == "strips" ? "uncompressed Float32 GeoTIFFs in strips" : "Float32 GeoTIFFs, DEFLATE with the floating-point predictor, 256-pixel tiles";
        string folder = args.Length > 3 ? args[3] : Path.Combine(Path.GetTempPath(), $"haven-pwtt-{layout}-{size}");
        var grid = new RasterGrid(size, size, GeoTransform.NorthUp(600_000, 3_500_000, 10, 10), 32636);
        var eventDate = new DateOnly(2023, 10, 7);
        var dates = Enumerable.Range(0, 12).Select(i => new DateOnly(2023, 5, 1).AddDays(12 * i))
            .Concat(Enumerable.Range(0, 3).Select(i => new DateOnly(2023, 10, 15).AddDays(12 * i))).ToList();
        var (footprints, scene) = Scene(grid);
        string manifest = Path.Combine(folder, "stack.csv");
        if (!File.Exists(manifest))
        {
            Console.WriteLine($"Writing a {size} x {size} stack of {dates.Count * 2} images to {folder} ...");
            Directory.CreateDirectory(folder);
            var simulator = new SarStackSimulator(scene, eventDate, 11);
            var entries = new List<StackEntry>();
            foreach (var date in dates)
            {
                foreach (var pol in Enum.GetValues<Polarisation>())
                {
                    string name = $"s1_{date:yyyyMMdd}_{pol.ToString().ToLowerInvariant()}.tif";
                    GeoTiffWriter.Write(Path.Combine(folder, name), simulator.Simulate(date, pol), writeOptions);
                    entries.Add(new StackEntry(name, date, 87, pol));
                }
            }

            File.WriteAllText(manifest, StackManifest.Format(entries));
        }

        scene = null!;
        GC.Collect();
        var stack = ImageStack.Open(manifest).Value;

        // Reading the bytes once, for scale: every file read whole.
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        var buffer = new byte[1 << 22];
        foreach (string path in stack.Paths)
        {
            using var stream = File.OpenRead(path);
            int n;
            while ((n = stream.Read(buffer)) > 0)
            {
                bytes += n;
            }
        }

        double readOnce = clock.Elapsed.TotalSeconds;
        var areas = new List<AssessmentArea>
        {
            new("W", "West half", new GeometryFactory().ToGeometry(new Envelope(600_000, 600_000 + size * 5, 3_500_000 - size * 10, 3_500_000))),
            new("E", "East half", new GeometryFactory().ToGeometry(new Envelope(600_000 + size * 5, 600_000 + size * 10, 3_500_000 - size * 10, 3_500_000))),
        };
        GC.Collect();
        var process = Process.GetCurrentProcess();
        process.Refresh();
        long baseline = process.WorkingSet64;
        // The first run in a fresh process (what one `haven assess` pays, JIT and heap growth included), then
        // three more; the median of those is the steady figure. Page-cache state is whatever the read above left.
        var runs = new List<(double Seconds, AssessmentResult Result)>();
        long firstPeak = 0;
        for (int run = 0; run < 4; run++)
        {
            clock.Restart();
            var r = DamageAssessment.Run(new AssessmentInput(stack, eventDate, [new DateOnly(2023, 10, 15)], footprints, areas, null, PwttOptions.Default)).Value;
            runs.Add((clock.Elapsed.TotalSeconds, r));
            if (run == 0)
            {
                process.Refresh();
                firstPeak = process.PeakWorkingSet64;
            }

            Console.WriteLine($"run {run + 1}: {runs[^1].Seconds:F2} s ({string.Join(", ", r.StageSeconds.Select(x => $"{x.Key} {x.Value:F2}"))})");
            GC.Collect();
        }

        process.Refresh();
        long peak = process.PeakWorkingSet64;
        var first = runs[0];
        var (total, result) = runs.Skip(1).OrderBy(r => r.Seconds).ElementAt(1);
        double samplesPerSecond = result.Pwtt.PixelSamples / total;

        var report = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# PWTT end to end, {size} x {size}, {dates.Count} dates x 2 polarisations, {layout}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}. Stack: {stack.Paths.Count} {described}, {bytes / 1e9:F2} GB on disk; {footprints.Count:N0} footprints.")
            .AppendLine()
            .AppendLine("| measure | value | target |")
            .AppendLine("|---|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| pixel-samples | {result.Pwtt.PixelSamples:N0} | |")
            .AppendLine(CultureInfo.InvariantCulture, $"| end to end, first run in a fresh process | {first.Seconds:F2} s ({first.Result.Pwtt.PixelSamples / first.Seconds / 1e6:F0} million pixel-samples/s) | |")
            .AppendLine(CultureInfo.InvariantCulture, $"| end to end, median of 3 further runs | {total:F2} s (runs: {string.Join(", ", runs.Skip(1).Select(r => r.Seconds.ToString("F2", CultureInfo.InvariantCulture)))}) | |")
            .AppendLine(CultureInfo.InvariantCulture, $"| pixel-samples per second (median run) | {samplesPerSecond / 1e6:F0} million | >= 200 million |")
            .AppendLine(CultureInfo.InvariantCulture, $"| peak working set after the first run (what one assessment holds) | {firstPeak / 1e9:F2} GB (before it: {baseline / 1e9:F2} GB, the footprints and the runtime) | < 2 GB |")
            .AppendLine(CultureInfo.InvariantCulture, $"| peak working set over all four runs | {peak / 1e9:F2} GB | |")
            .AppendLine(CultureInfo.InvariantCulture, $"| reading the stack's bytes once | {readOnce:F2} s ({bytes / 1e6 / readOnce:F0} MB/s) | for scale |")
            .AppendLine(CultureInfo.InvariantCulture, $"| compressed blocks decoded whole (median run) | {result.Pwtt.BlocksDecoded:N0} of {stack.Paths.Count * TilesPerImage(stack):N0} tiles | each tile about once |")
            .AppendLine("| stages of the median run | | |");
        foreach (var (stage, seconds) in result.StageSeconds)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| stage: {stage} | {seconds:F2} s | |");
        }

        Console.WriteLine(report);
        string output = Path.Combine(AppContext.BaseDirectory, $"pwtt-end-to-end-{layout}.md");
        File.WriteAllText(output, report.ToString());
        Console.WriteLine($"Written to {output}");
        return 0;
    }

    /// <summary>Blocks (tiles or strips) in one image of the stack.</summary>
    private static long TilesPerImage(ImageStack stack)
    {
        using var file = GeoTiffFile.Open(stack.Paths[0]).Value;
        var i = file.Info;
        return (long)((i.Width + i.BlockWidth - 1) / i.BlockWidth) * ((i.Height + i.BlockHeight - 1) / i.BlockHeight);
    }

    /// <summary>Rows of 12 x 20 m buildings on a 30 m pitch over the middle of the grid, a fifth destroyed.</summary>
    internal static (List<Footprint>, SceneFractions) Scene(RasterGrid grid)
    {
        var scene = new SceneFractions(grid);
        var footprints = new List<Footprint>();
        var f = new GeometryFactory();
        var rng = new DeterministicRandom(5);
        double x0 = grid.Transform.OriginX, y0 = grid.Transform.OriginY;
        double extent = grid.Width * 10;
        long id = 0;
        for (double y = extent * 0.2; y < extent * 0.8; y += 30)
        {
            for (double x = extent * 0.2; x < extent * 0.8; x += 30)
            {
                var env = new Envelope(x0 + x, x0 + x + 20, y0 - y - 12, y0 - y);
                bool destroyed = rng.Chance(0.2);
                footprints.Add(new Footprint((++id).ToString(System.Globalization.CultureInfo.InvariantCulture), f.ToGeometry(env), 240));
                for (int r = (int)(y / 10); r < (int)((y + 12) / 10) + 1 && r < grid.Height; r++)
                {
                    for (int c = (int)(x / 10); c < (int)((x + 20) / 10) && c < grid.Width; c++)
                    {
                        (destroyed ? scene.Destroyed : scene.Built)[r * grid.Width + c] = 0.8f;
                    }
                }
            }
        }

        return (footprints, scene);
    }
}
