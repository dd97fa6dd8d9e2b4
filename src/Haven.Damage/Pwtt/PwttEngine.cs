using System.Diagnostics;
using Haven.Damage.Filters;
using Haven.Damage.Stacks;
using Haven.Geo;
using Haven.Geo.Rasters;

namespace Haven.Damage.Pwtt;

/// <summary>
/// The Pixel-Wise T-Test (Ballinger 2025) over an image stack. Per image: Lee filter, natural log. Per pixel,
/// orbit and polarisation: Welch t between the pre window (before the event) and each post window (from an
/// inference date); orbits combined by Stouffer with weights sqrt(df); absolute value; maximum over
/// polarisations. Then T = (T10 + C50 + C100 + C150) / 4 with T10 a focal median and C_r circular means.
/// The stack is processed in bands of rows with a halo for the Lee window, so memory holds running sums for
/// one band per thread, never every date of every pixel. Thread-safe; bands run in parallel.
/// </summary>
public static class PwttEngine
{
    /// <summary>Rows per band at least; bands grow to whole strips or tile rows of the stack so each block is decoded once.</summary>
    public const int MinimumBandRows = 32;

    /// <summary>Blocks up to this many rows are read a whole block row per band.</summary>
    public const int MaximumBandRows = 512;

    /// <summary>Which images each window of each orbit and polarisation would use, and the warnings, without reading any: what a run of tiles reports for the whole.</summary>
    public static Outcome<(IReadOnlyList<PwttWindowUse> Windows, IReadOnlyList<string> Warnings)> Windows(ImageStack stack, DateOnly eventDate, IReadOnlyList<DateOnly> inferenceDates, PwttOptions options)
    {
        var plan = PwttPlan.For(stack, eventDate, inferenceDates, options);
        return plan.Succeeded ? (plan.Value.Windows, plan.Value.Warnings) : plan.Problem!;
    }

    /// <summary>
    /// Runs PWTT over the whole stack. <paramref name="cancellationToken"/> stops the run between bands (a caller
    /// whose other inputs turned out wrong has no use for the maps); a stopped run returns the problem "pwtt.stopped".
    /// </summary>
    public static Outcome<ChangeMaps> Run(ImageStack stack, DateOnly eventDate, IReadOnlyList<DateOnly> inferenceDates,
        PwttOptions? options = null, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(inferenceDates);
        options ??= PwttOptions.Default;
        if (options.Validate() is string invalid)
        {
            return Outcome<ChangeMaps>.Failure("pwtt.options", invalid);
        }

        if (inferenceDates.Count == 0)
        {
            return Outcome<ChangeMaps>.Failure("pwtt.inference", "at least one inference date is needed.");
        }

        if (inferenceDates.FirstOrDefault(d => d <= eventDate) is { } early && early != default)
        {
            return Outcome<ChangeMaps>.Failure("pwtt.inference", $"inference date {early:yyyy-MM-dd} is not after the event date {eventDate:yyyy-MM-dd}.");
        }

        var planned = PwttPlan.For(stack, eventDate, inferenceDates, options);
        if (!planned.Succeeded)
        {
            return planned.Problem!;
        }

        var plan = planned.Value;
        var grid = stack.Grid;
        int width = grid.Width, height = grid.Height, k = inferenceDates.Count;
        // A raw change map per inference date, then T, the focal median and the circular means over one of them.
        if (RasterLimits.Current.CheckAnalysis(stack.Manifest, (long)width * height, k + 4) is { } tooBig)
        {
            return tooBig;
        }

        var raw = Enumerable.Range(0, k).Select(_ => new float[grid.CellCount]).ToArray();
        // Whole strips per band when strips are short. A band is one row of blocks when blocks are up to 512 rows
        // (the tiles of products and COGs): each block is decoded once, the halo below is the next block's top row
        // (decoded alone, cheaply) and the halo above comes from the rows each reader keeps from the blocks it
        // decoded, so no decoded block is held between bands. Taller blocks (single-strip files) are cut into bands
        // of 32 rows with two block rows kept decoded.
        bool wholeBlockRows = stack.BlockHeight > MinimumBandRows && stack.BlockHeight <= MaximumBandRows;
        int bandRows = wholeBlockRows ? stack.BlockHeight
            : stack.BlockHeight > MinimumBandRows ? MinimumBandRows
            : (MinimumBandRows + stack.BlockHeight - 1) / stack.BlockHeight * stack.BlockHeight;
        int bands = (height + bandRows - 1) / bandRows;
        int bandsPerBlockRow = Math.Max(1, stack.BlockHeight / bandRows);
        int blockRows = (bands + bandsPerBlockRow - 1) / bandsPerBlockRow;
        int threads = Environment.ProcessorCount;
        // Each run's first band decodes the block row above it again for its halo, so runs are few: one per thread,
        // or two per thread (to even out a slow thread) when there are many block rows and the halo's cost is small.
        int runCount = threads * (blockRows >= 8 * threads ? 2 : 1);
        int run = bandsPerBlockRow * Math.Max(1, (blockRows + runCount - 1) / runCount);
        int halo = options.LeeWindow / 2;
        int windowCells = width * Math.Min(height, bandRows + 2 * halo), bandCells = width * Math.Min(height, bandRows);
        int done = 0;
        long decoded = 0;
        var times = new StageTimes();
        var clock = Stopwatch.StartNew();
        Problem? failure = null;
        // One worker per thread, each with one workspace (its readers and their decoded blocks) for the whole run,
        // taking runs of bands in order. A Parallel.ForEach with thread-local state would make a new workspace each
        // time the loop hands a thread back to the pool, and each new workspace decodes its first halo again.
        var runs = Enumerable.Range(0, (bands + run - 1) / run).Select(r => (From: r * run, To: Math.Min(bands, (r + 1) * run))).ToArray();
        int nextRun = -1;
        Parallel.For(0, Math.Min(threads, runs.Length), new ParallelOptions { MaxDegreeOfParallelism = threads }, _ =>
        {
            var workspace = new BandWorkspace(stack, plan, windowCells, bandCells, stack.BlockHeight > bandRows ? 2 : 1);
            try
            {
                for (int r; failure is null && (r = Interlocked.Increment(ref nextRun)) < runs.Length;)
                {
                    for (int band = runs[r].From; band < runs[r].To && failure is null; band++)
                    {
                        if (cancellationToken.IsCancellationRequested)
                        {
                            failure ??= new Problem("pwtt.stopped", $"{stack.Manifest}: the run was stopped before its maps were made.");
                            break;
                        }

                        var problem = RunBand(band, bandRows, workspace, stack, plan, options, raw, times);
                        if (problem is not null)
                        {
                            failure ??= problem;
                        }

                        progress?.Report(new WorkProgress("read, filter and test", Interlocked.Increment(ref done), bands));
                    }
                }
            }
            finally
            {
                Interlocked.Add(ref decoded, workspace.Reader.BlocksDecoded);
                workspace.Dispose();
            }
        });
        if (failure is not null)
        {
            return failure;
        }

        double testSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        double pixel = grid.Transform.PixelWidth;
        var median = CircularKernel.FromMetres(options.MedianRadiusMetres, pixel);
        var kernels = options.ConvolutionRadiiMetres.Select(r => CircularKernel.FromMetres(r, pixel)).ToList();
        var maps = new List<ChangeMap>();
        for (int i = 0; i < k; i++)
        {
            progress?.Report(new WorkProgress("smoothing", i, k));
            var t10 = FocalMedian.Apply(raw[i], width, height, median);
            raw[i] = [];
            var t = CircularMean.SumOfMeans(t10, width, height, kernels);
            Add(t, t10);
            Scale(t, 1f / (1 + kernels.Count));
            maps.Add(new ChangeMap(inferenceDates[i], new Raster<float>(grid, t, float.NaN)));
        }

        int sharing = Math.Min(threads, bands);
        var seconds = new Dictionary<string, double>
        {
            ["read"] = times.Seconds(Stage.Read, sharing),
            ["lee_filter_and_sums"] = times.Seconds(Stage.Filter, sharing),
            ["welch_and_stouffer"] = times.Seconds(Stage.Test, sharing),
            ["filter_and_test"] = testSeconds,
            ["smoothing"] = clock.Elapsed.TotalSeconds,
        };
        long samples = (long)grid.CellCount * plan.ImagesUsed;
        return new ChangeMaps(grid, maps, plan.Windows, plan.Warnings, seconds, samples) { BlocksDecoded = decoded };
    }

    /// <summary>
    /// One band of rows: each image of each group read with a halo for the Lee window, filtered, logged and
    /// added row by row to the running sums of the windows it falls in; then per inference date Welch per
    /// group, Stouffer per polarisation and the maximum over polarisations into the raw map.
    /// </summary>
    private static Problem? RunBand(int band, int bandRows, BandWorkspace work, ImageStack stack, PwttPlan plan, PwttOptions options,
        float[][] raw, StageTimes times)
    {
        var grid = stack.Grid;
        int width = grid.Width;
        int y0 = band * bandRows, y1 = Math.Min(grid.Height, y0 + bandRows);
        int halo = options.LeeWindow / 2;
        int r0 = Math.Max(0, y0 - halo), r1 = Math.Min(grid.Height, y1 + halo);
        int cells = (y1 - y0) * width;
        var window = new RasterWindow(0, r0, width, r1 - r0);
        for (int g = 0; g < plan.Groups.Count; g++)
        {
            var pre = work.Pre[g];
            var posts = work.Post[g];
            pre.Clear();
            Array.ForEach(posts, p => p.Clear());
            foreach (var (image, role) in plan.Groups[g].Images)
            {
                long start = Stopwatch.GetTimestamp();
                var problem = work.Reader.Read(image, window, work.Read);
                // The next band of this image starts at row y1: blocks above it are done with (its halo comes from kept rows).
                work.Reader.ReleaseRowsAbove(image, y1);
                times.Add(Stage.Read, start);
                if (problem is not null)
                {
                    return problem;
                }

                start = Stopwatch.GetTimestamp();
                // Each filtered row goes straight into the running sums while it is still in cache.
                LeeFilter.ApplyRows(work.Read, width, r1 - r0, options.LeeWindow, options.LeeEta, log: true, y0 - r0, y1 - r0, (row, values) =>
                {
                    int at = (row - (y0 - r0)) * width;
                    if (role.Pre)
                    {
                        PwttKernels.Accumulate(values, pre.Missing.AsSpan(at), pre.Sum.AsSpan(at), pre.SumOfSquares.AsSpan(at));
                    }

                    foreach (int p in role.Post)
                    {
                        PwttKernels.Accumulate(values, posts[p].Missing.AsSpan(at), posts[p].Sum.AsSpan(at), posts[p].SumOfSquares.AsSpan(at));
                    }
                }, work.Lee);
                times.Add(Stage.Filter, start);
            }
        }

        long testStart = Stopwatch.GetTimestamp();
        for (int p = 0; p < raw.Length; p++)
        {
            for (int g = 0; g < plan.Groups.Count; g++)
            {
                PwttKernels.Welch(work.Pre[g], work.Post[g][p], options.MinPreValues, options.MinPostValues, work.T[g], work.Df[g], work.Padded);
            }

            Array.Fill(work.Best, float.NaN);
            foreach (var members in plan.GroupsByPolarisation)
            {
                PwttKernels.Stouffer(members, work.T, work.Df, work.Best, work.Padded);
            }

            work.Best.AsSpan(0, cells).CopyTo(raw[p].AsSpan(y0 * width, cells));
        }

        times.Add(Stage.Test, testStart);
        return null;
    }

    private static void Add(float[] target, float[] source)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] += source[i];
        }
    }

    private static void Scale(float[] target, float factor)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] *= factor;
        }
    }

    private enum Stage
    {
        Read,
        Filter,
        Test,
    }

    /// <summary>Thread-time spent in each part of the band loop, summed over threads.</summary>
    private sealed class StageTimes
    {
        private readonly long[] _ticks = new long[3];

        public void Add(Stage stage, long start) => Interlocked.Add(ref _ticks[(int)stage], Stopwatch.GetElapsedTime(start).Ticks);

        /// <summary>Thread-seconds divided by the threads that shared them: the wall-clock share of the stage.</summary>
        public double Seconds(Stage stage, int threads) => TimeSpan.FromTicks(Interlocked.Read(ref _ticks[(int)stage])).TotalSeconds / threads;
    }
}
