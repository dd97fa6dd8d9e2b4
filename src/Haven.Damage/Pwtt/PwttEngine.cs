using System.Diagnostics;
using System.Numerics;
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

    public static Outcome<ChangeMaps> Run(ImageStack stack, DateOnly eventDate, IReadOnlyList<DateOnly> inferenceDates,
        PwttOptions? options = null, IProgress<WorkProgress>? progress = null)
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

        var plan = Plan(stack, eventDate, inferenceDates, options);
        if (!plan.Succeeded)
        {
            return plan.Problem!;
        }

        var groups = plan.Value.Groups;
        var grid = stack.Grid;
        int width = grid.Width, height = grid.Height, k = inferenceDates.Count;
        // A raw change map per inference date, then T, the focal median and the circular means over one of them.
        if (RasterLimits.Current.CheckAnalysis(stack.Manifest, (long)width * height, k + 4) is { } tooBig)
        {
            return tooBig;
        }

        var raw = Enumerable.Range(0, k).Select(_ => new float[grid.CellCount]).ToArray();
        // Whole strips per band when strips are short; taller blocks (512-row tiles, single-strip files) are
        // decoded once per band instead, which costs some reading but keeps per-band sums small.
        int bandRows = stack.BlockHeight > MinimumBandRows ? MinimumBandRows
            : (MinimumBandRows + stack.BlockHeight - 1) / stack.BlockHeight * stack.BlockHeight;
        int bands = (height + bandRows - 1) / bandRows;
        int done = 0;
        long readTicks = 0, filterTicks = 0, testTicks = 0;
        var clock = Stopwatch.StartNew();
        Problem? failure = null;
        Parallel.For(0, bands, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => stack.OpenReader(),
            (band, state, reader) =>
            {
                var problem = RunBand(band, bandRows, reader, stack, groups, options, k, raw, ref readTicks, ref filterTicks, ref testTicks);
                if (problem is not null)
                {
                    failure ??= problem;
                    state.Stop();
                }

                progress?.Report(new WorkProgress("t-test", Interlocked.Increment(ref done), bands));
                return reader;
            },
            reader => reader.Dispose());
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

        var seconds = new Dictionary<string, double>
        {
            // Thread-seconds divided by the threads that shared them: the wall-clock share of each part.
            ["read"] = TimeSpan.FromTicks(readTicks).TotalSeconds / Math.Min(Environment.ProcessorCount, bands),
            ["lee_filter_and_sums"] = TimeSpan.FromTicks(filterTicks).TotalSeconds / Math.Min(Environment.ProcessorCount, bands),
            ["welch_and_stouffer"] = TimeSpan.FromTicks(testTicks).TotalSeconds / Math.Min(Environment.ProcessorCount, bands),
            ["filter_and_test"] = testSeconds,
            ["smoothing"] = clock.Elapsed.TotalSeconds,
        };
        long samples = (long)grid.CellCount * groups.Sum(g => g.Images.Count);
        return new ChangeMaps(grid, maps, plan.Value.Windows, plan.Value.Warnings, seconds, samples);
    }

    private static Problem? RunBand(int band, int bandRows, StackReader reader, ImageStack stack, IReadOnlyList<Group> groups, PwttOptions options,
        int k, float[][] raw, ref long readTicks, ref long filterTicks, ref long testTicks)
    {
        var grid = stack.Grid;
        int width = grid.Width;
        int y0 = band * bandRows, y1 = Math.Min(grid.Height, y0 + bandRows);
        int halo = options.LeeWindow / 2;
        int r0 = Math.Max(0, y0 - halo), r1 = Math.Min(grid.Height, y1 + halo);
        int rows = y1 - y0, windowRows = r1 - r0, cells = rows * width;
        var window = new RasterWindow(0, r0, width, windowRows);
        var buffers = Buffers.For(width * windowRows, cells, groups.Count, k);
        for (int g = 0; g < groups.Count; g++)
        {
            var sums = buffers.Sums[g];
            sums.Clear(cells);
            foreach (var (image, role) in groups[g].Images)
            {
                long start = Stopwatch.GetTimestamp();
                var problem = reader.Read(image, window, buffers.Read);
                Interlocked.Add(ref readTicks, Stopwatch.GetElapsedTime(start).Ticks);
                if (problem is not null)
                {
                    return problem;
                }

                start = Stopwatch.GetTimestamp();
                // Each filtered row goes straight into the running sums while it is still in cache.
                LeeFilter.ApplyRows(buffers.Read, width, windowRows, options.LeeWindow, options.LeeEta, log: true, y0 - r0, y1 - r0, (row, values) =>
                {
                    int at = (row - (y0 - r0)) * width;
                    if (role.Pre)
                    {
                        Accumulate(values, sums.PreMissing.AsSpan(at), sums.PreS.AsSpan(at), sums.PreSs.AsSpan(at));
                    }

                    foreach (int p in role.Post)
                    {
                        Accumulate(values, sums.PostMissing[p].AsSpan(at), sums.PostS[p].AsSpan(at), sums.PostSs[p].AsSpan(at));
                    }
                });
                Interlocked.Add(ref filterTicks, Stopwatch.GetElapsedTime(start).Ticks);
            }
        }

        long testStart = Stopwatch.GetTimestamp();
        var polarisations = groups.Select(g => g.Polarisation).Distinct().ToArray();
        for (int p = 0; p < k; p++)
        {
            for (int g = 0; g < groups.Count; g++)
            {
                var sums = buffers.Sums[g];
                Welch(groups[g].PreImages, sums.PreMissing, sums.PreS, sums.PreSs, groups[g].PostImages[p], sums.PostMissing[p], sums.PostS[p], sums.PostSs[p],
                    options.MinPreValues, options.MinPostValues, buffers.T[g], buffers.Df[g], cells);
            }

            var target = raw[p].AsSpan(y0 * width, cells);
            target.Fill(float.NaN);
            foreach (var pol in polarisations)
            {
                Stouffer([.. Enumerable.Range(0, groups.Count).Where(g => groups[g].Polarisation == pol)], buffers, target, cells);
            }
        }

        Interlocked.Add(ref testTicks, Stopwatch.GetElapsedTime(testStart).Ticks);
        return null;
    }

    /// <summary>
    /// Welch t and df for every pixel of a band at once, from the images in each window less the pixel's
    /// missing values; NaN t (and zero df) where untested.
    /// </summary>
    private static void Welch(int preImages, float[] missingPre, float[] sPre, float[] ssPre, int postImages, float[] missingPost, float[] sPost, float[] ssPost,
        int minPre, int minPost, float[] t, float[] df, int cells)
    {
        var vPre = new Vector<float>(preImages);
        var vPost = new Vector<float>(postImages);
        int i = 0;
        var one = Vector<float>.One;
        var zero = Vector<float>.Zero;
        var nan = new Vector<float>(float.NaN);
        var vMinPre = new Vector<float>(minPre);
        var vMinPost = new Vector<float>(minPost);
        for (; i <= cells - Vector<float>.Count; i += Vector<float>.Count)
        {
            var n1 = vPre - new Vector<float>(missingPre, i);
            var n2 = vPost - new Vector<float>(missingPost, i);
            var m1 = new Vector<float>(sPre, i) / Vector.Max(n1, one);
            var m2 = new Vector<float>(sPost, i) / Vector.Max(n2, one);
            var v1 = Vector.Max((new Vector<float>(ssPre, i) - n1 * m1 * m1) / Vector.Max(n1 - one, one), zero);
            var v2 = Vector.Max((new Vector<float>(ssPost, i) - n2 * m2 * m2) / Vector.Max(n2 - one, one), zero);
            var a = v1 / Vector.Max(n1, one);
            var b = v2 / Vector.Max(n2, one);
            var se2 = a + b;
            var ok = Vector.GreaterThanOrEqual(n1, vMinPre) & Vector.GreaterThanOrEqual(n2, vMinPost)
                & Vector.GreaterThan(n1, one) & Vector.GreaterThan(n2, one) & Vector.GreaterThan(se2, zero);
            var tv = (m2 - m1) / Vector.SquareRoot(se2);
            var dfv = se2 * se2 / (a * a / Vector.Max(n1 - one, one) + b * b / Vector.Max(n2 - one, one));
            Vector.ConditionalSelect(ok, tv, nan).CopyTo(t, i);
            Vector.ConditionalSelect(ok, dfv, zero).CopyTo(df, i);
        }

        for (; i < cells; i++)
        {
            float nPre = preImages - missingPre[i], nPost = postImages - missingPost[i];
            if (nPre < minPre || nPost < minPost)
            {
                t[i] = float.NaN;
                df[i] = 0;
                continue;
            }

            var (tt, dd) = WelchT.FromSums(nPre, sPre[i], ssPre[i], nPost, sPost[i], ssPost[i]);
            t[i] = double.IsNaN(tt) ? float.NaN : (float)tt;
            df[i] = double.IsNaN(tt) ? 0 : (float)dd;
        }
    }

    /// <summary>
    /// Stouffer's weighted Z over the groups of one polarisation (weights sqrt(df)), its absolute value, and
    /// the running maximum over polarisations in <paramref name="target"/> (NaN where nothing was tested).
    /// </summary>
    private static void Stouffer(int[] members, Buffers buffers, Span<float> target, int cells)
    {
        int i = 0;
        var zero = Vector<float>.Zero;
        for (; i <= cells - Vector<float>.Count; i += Vector<float>.Count)
        {
            var num = zero;
            var den = zero;
            foreach (int g in members)
            {
                var t = new Vector<float>(buffers.T[g], i);
                var df = new Vector<float>(buffers.Df[g], i);
                var ok = Vector.Equals(t, t);
                num += Vector.ConditionalSelect(ok, Vector.SquareRoot(df) * t, zero);
                den += Vector.ConditionalSelect(ok, df, zero);
            }

            var z = Vector.Abs(num) / Vector.SquareRoot(den);
            var tested = Vector.GreaterThan(den, zero);
            var current = new Vector<float>(target[i..]);
            var better = tested & (Vector.GreaterThan(z, current) | ~Vector.Equals(current, current));
            Vector.ConditionalSelect(better, z, current).CopyTo(target[i..]);
        }

        for (; i < cells; i++)
        {
            double num = 0, den = 0;
            foreach (int g in members)
            {
                float t = buffers.T[g][i];
                if (!float.IsNaN(t))
                {
                    num += Math.Sqrt(buffers.Df[g][i]) * t;
                    den += buffers.Df[g][i];
                }
            }

            if (den > 0)
            {
                float z = (float)Math.Abs(num / Math.Sqrt(den));
                if (float.IsNaN(target[i]) || z > target[i])
                {
                    target[i] = z;
                }
            }
        }
    }

    /// <summary>
    /// Adds valid (non-NaN) values to the running sum and sum of squares and counts the missing ones, a vector
    /// at a time; the missing counts are only touched where a vector holds a NaN, which is rare.
    /// </summary>
    private static void Accumulate(ReadOnlySpan<float> values, Span<float> missing, Span<float> s, Span<float> ss)
    {
        int i = 0;
        var one = Vector<float>.One;
        var zero = Vector<float>.Zero;
        for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var v = new Vector<float>(values[i..]);
            if (!Vector.EqualsAll(v, v))
            {
                var ok = Vector.Equals(v, v); // false for NaN
                v = Vector.ConditionalSelect(ok, v, zero);
                (new Vector<float>(missing[i..]) + Vector.ConditionalSelect(ok, zero, one)).CopyTo(missing[i..]);
            }

            (new Vector<float>(s[i..]) + v).CopyTo(s[i..]);
            (new Vector<float>(ss[i..]) + v * v).CopyTo(ss[i..]);
        }

        for (; i < values.Length; i++)
        {
            float v = values[i];
            if (float.IsNaN(v))
            {
                missing[i]++;
            }
            else
            {
                s[i] += v;
                ss[i] += v * v;
            }
        }
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

    /// <summary>Per-thread working memory for one band, reused from band to band.</summary>
    private sealed class Buffers
    {
        [ThreadStatic]
        private static Buffers? t_current;

        private Buffers(int windowCells, int cells, int groups, int k)
        {
            WindowCells = windowCells;
            Cells = cells;
            Read = new float[windowCells];
            Sums = [.. Enumerable.Range(0, groups).Select(_ => new Sums(cells, k))];
            T = [.. Enumerable.Range(0, groups).Select(_ => new float[cells])];
            Df = [.. Enumerable.Range(0, groups).Select(_ => new float[cells])];
        }

        public int WindowCells { get; }

        public int Cells { get; }

        public float[] Read { get; }

        public Sums[] Sums { get; }

        public float[][] T { get; }

        public float[][] Df { get; }

        public static Buffers For(int windowCells, int cells, int groups, int k)
        {
            var b = t_current;
            if (b is null || b.WindowCells < windowCells || b.Cells < cells || b.Sums.Length != groups || b.Sums[0].PostMissing.Length != k)
            {
                t_current = b = new Buffers(windowCells, cells, groups, k);
            }

            return b;
        }
    }

    private sealed class Sums
    {
        public Sums(int cells, int k)
        {
            PreMissing = new float[cells];
            PreS = new float[cells];
            PreSs = new float[cells];
            PostMissing = [.. Enumerable.Range(0, k).Select(_ => new float[cells])];
            PostS = [.. Enumerable.Range(0, k).Select(_ => new float[cells])];
            PostSs = [.. Enumerable.Range(0, k).Select(_ => new float[cells])];
        }

        public float[] PreMissing { get; }

        public float[] PreS { get; }

        public float[] PreSs { get; }

        public float[][] PostMissing { get; }

        public float[][] PostS { get; }

        public float[][] PostSs { get; }

        public void Clear(int cells)
        {
            foreach (var a in new[] { PreMissing, PreS, PreSs }.Concat(PostMissing).Concat(PostS).Concat(PostSs))
            {
                a.AsSpan(0, cells).Clear();
            }
        }
    }

    internal sealed record Role(bool Pre, IReadOnlyList<int> Post);

    /// <summary>One orbit and polarisation: its images and roles, and how many fall in the pre window and in each post window.</summary>
    internal sealed record Group(int Orbit, Polarisation Polarisation, IReadOnlyList<(int Image, Role Role)> Images, int PreImages, IReadOnlyList<int> PostImages);

    private sealed record PlanResult(IReadOnlyList<Group> Groups, IReadOnlyList<PwttWindowUse> Windows, IReadOnlyList<string> Warnings);

    private static Outcome<PlanResult> Plan(ImageStack stack, DateOnly eventDate, IReadOnlyList<DateOnly> inference, PwttOptions options)
    {
        var preStart = eventDate.AddMonths(-options.PreWindowMonths);
        var groups = new List<Group>();
        var windows = new List<PwttWindowUse>();
        var warnings = new List<string>();
        foreach (var key in stack.Entries.Select(e => (e.Orbit, e.Polarisation)).Distinct().OrderBy(x => x.Orbit).ThenBy(x => x.Polarisation))
        {
            var images = new List<(int, Role)>();
            int pre = 0;
            var post = new int[inference.Count];
            for (int i = 0; i < stack.Entries.Count; i++)
            {
                var e = stack.Entries[i];
                if (e.Orbit != key.Orbit || e.Polarisation != key.Polarisation)
                {
                    continue;
                }

                bool isPre = e.Date >= preStart && e.Date < eventDate;
                var posts = Enumerable.Range(0, inference.Count)
                    .Where(p => e.Date >= inference[p] && e.Date < inference[p].AddMonths(options.PostWindowMonths)).ToList();
                if (isPre)
                {
                    pre++;
                }

                posts.ForEach(p => post[p]++);
                if (isPre || posts.Count > 0)
                {
                    images.Add((i, new Role(isPre, posts)));
                }
            }

            bool usable = pre >= options.MinPreValues && post.All(n => n >= options.MinPostValues);
            windows.Add(new PwttWindowUse(key.Orbit, key.Polarisation, pre, post, usable));
            if (usable)
            {
                groups.Add(new Group(key.Orbit, key.Polarisation, images, pre, post));
            }
            else
            {
                warnings.Add($"orbit {key.Orbit} {key.Polarisation} left out: {Describe(pre, post, preStart, eventDate, inference, options)}");
            }
        }

        if (groups.Count == 0)
        {
            string detail = string.Join("; ", windows.Select(w => $"orbit {w.Orbit} {w.Polarisation}: {Describe(w.PreImages, w.PostImages, preStart, eventDate, inference, options)}"));
            return Outcome<PlanResult>.Failure("pwtt.too_few_dates", $"{stack.Manifest}: no orbit and polarisation has enough images: {detail}.");
        }

        return new PlanResult(groups, windows, warnings);
    }

    private static string Describe(int pre, IReadOnlyList<int> post, DateOnly preStart, DateOnly eventDate, IReadOnlyList<DateOnly> inference, PwttOptions o) =>
        $"pre window {preStart:yyyy-MM-dd}..{eventDate.AddDays(-1):yyyy-MM-dd} has {pre} image(s) (needs {o.MinPreValues})"
        + string.Concat(inference.Select((d, i) => $", post window {d:yyyy-MM-dd}..{d.AddMonths(o.PostWindowMonths).AddDays(-1):yyyy-MM-dd} has {post[i]} (needs {o.MinPostValues})"));
}
