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
    public const int BandRows = 256;

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

        if (inferenceDates.FirstOrDefault(d => d < eventDate) is { } early && early != default)
        {
            return Outcome<ChangeMaps>.Failure("pwtt.inference", $"inference date {early:yyyy-MM-dd} is before the event date {eventDate:yyyy-MM-dd}.");
        }

        var plan = Plan(stack, eventDate, inferenceDates, options);
        if (!plan.Succeeded)
        {
            return plan.Problem!;
        }

        var groups = plan.Value.Groups;
        var grid = stack.Grid;
        int width = grid.Width, height = grid.Height, k = inferenceDates.Count;
        var raw = Enumerable.Range(0, k).Select(_ => new float[grid.CellCount]).ToArray();
        int bands = (height + BandRows - 1) / BandRows;
        int done = 0;
        long readTicks = 0;
        var clock = Stopwatch.StartNew();
        Problem? failure = null;
        Parallel.For(0, bands, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => stack.OpenReader(),
            (band, state, reader) =>
            {
                var problem = RunBand(band, reader, stack, groups, options, k, raw, ref readTicks);
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
            var t = (float[])t10.Clone();
            foreach (var kernel in kernels)
            {
                var c = CircularMean.Apply(t10, width, height, kernel);
                Add(t, c);
            }

            Scale(t, 1f / (1 + kernels.Count));
            maps.Add(new ChangeMap(inferenceDates[i], new Raster<float>(grid, t, float.NaN)));
        }

        var seconds = new Dictionary<string, double>
        {
            ["read"] = TimeSpan.FromTicks(readTicks).TotalSeconds / Math.Min(Environment.ProcessorCount, bands),
            ["filter_and_test"] = testSeconds,
            ["smoothing"] = clock.Elapsed.TotalSeconds,
        };
        long samples = (long)grid.CellCount * groups.Sum(g => g.Images.Count);
        return new ChangeMaps(grid, maps, plan.Value.Windows, plan.Value.Warnings, seconds, samples);
    }

    private static Problem? RunBand(int band, StackReader reader, ImageStack stack, IReadOnlyList<Group> groups, PwttOptions options,
        int k, float[][] raw, ref long readTicks)
    {
        var grid = stack.Grid;
        int width = grid.Width;
        int y0 = band * BandRows, y1 = Math.Min(grid.Height, y0 + BandRows);
        int halo = options.LeeWindow / 2;
        int r0 = Math.Max(0, y0 - halo), r1 = Math.Min(grid.Height, y1 + halo);
        int rows = y1 - y0, windowRows = r1 - r0, cells = rows * width;
        var window = new RasterWindow(0, r0, width, windowRows);
        var filtered = new float[width * windowRows];
        var sums = groups.Select(_ => new Sums(cells, k)).ToArray();
        for (int g = 0; g < groups.Count; g++)
        {
            foreach (var (image, role) in groups[g].Images)
            {
                long start = Stopwatch.GetTimestamp();
                var read = reader.Read(image, window);
                Interlocked.Add(ref readTicks, Stopwatch.GetElapsedTime(start).Ticks);
                if (!read.Succeeded)
                {
                    return read.Problem;
                }

                LeeFilter.Apply(read.Value, filtered, width, windowRows, options.LeeWindow, options.LeeEta, log: true);
                var core = filtered.AsSpan((y0 - r0) * width, cells);
                if (role.Pre)
                {
                    Accumulate(core, sums[g].PreN, sums[g].PreS, sums[g].PreSs);
                }

                foreach (int p in role.Post)
                {
                    Accumulate(core, sums[g].PostN[p], sums[g].PostS[p], sums[g].PostSs[p]);
                }
            }
        }

        var polarisations = groups.Select(g => g.Polarisation).Distinct().ToArray();
        Span<double> t = stackalloc double[groups.Count];
        Span<double> df = stackalloc double[groups.Count];
        Span<double> tp = stackalloc double[groups.Count];
        Span<double> dfp = stackalloc double[groups.Count];
        for (int i = 0; i < cells; i++)
        {
            for (int p = 0; p < k; p++)
            {
                for (int g = 0; g < groups.Count; g++)
                {
                    var s = sums[g];
                    (t[g], df[g]) = s.PreN[i] < options.MinPreValues || s.PostN[p][i] < options.MinPostValues
                        ? (double.NaN, double.NaN)
                        : WelchT.FromSums(s.PreN[i], s.PreS[i], s.PreSs[i], s.PostN[p][i], s.PostS[p][i], s.PostSs[p][i]);
                }

                double best = double.NaN;
                foreach (var pol in polarisations)
                {
                    int n = 0;
                    for (int g = 0; g < groups.Count; g++)
                    {
                        if (groups[g].Polarisation == pol)
                        {
                            tp[n] = t[g];
                            dfp[n++] = df[g];
                        }
                    }

                    double z = Math.Abs(WelchT.Stouffer(tp[..n], dfp[..n]));
                    if (!double.IsNaN(z) && (double.IsNaN(best) || z > best))
                    {
                        best = z;
                    }
                }

                raw[p][y0 * width + i] = (float)best;
            }
        }

        return null;
    }

    /// <summary>Adds valid (non-NaN) values to running count, sum and sum of squares, a vector at a time.</summary>
    private static void Accumulate(ReadOnlySpan<float> values, float[] n, float[] s, float[] ss)
    {
        int i = 0;
        var one = Vector<float>.One;
        var zero = Vector<float>.Zero;
        for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var v = new Vector<float>(values[i..]);
            var ok = Vector.Equals(v, v); // false for NaN
            var clean = Vector.ConditionalSelect(ok, v, zero);
            (new Vector<float>(n.AsSpan(i)) + Vector.ConditionalSelect(ok, one, zero)).CopyTo(n.AsSpan(i));
            (new Vector<float>(s.AsSpan(i)) + clean).CopyTo(s.AsSpan(i));
            (new Vector<float>(ss.AsSpan(i)) + clean * clean).CopyTo(ss.AsSpan(i));
        }

        for (; i < values.Length; i++)
        {
            float v = values[i];
            if (!float.IsNaN(v))
            {
                n[i]++;
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

    private sealed class Sums
    {
        public Sums(int cells, int k)
        {
            PreN = new float[cells];
            PreS = new float[cells];
            PreSs = new float[cells];
            PostN = Enumerable.Range(0, k).Select(_ => new float[cells]).ToArray();
            PostS = Enumerable.Range(0, k).Select(_ => new float[cells]).ToArray();
            PostSs = Enumerable.Range(0, k).Select(_ => new float[cells]).ToArray();
        }

        public float[] PreN { get; }

        public float[] PreS { get; }

        public float[] PreSs { get; }

        public float[][] PostN { get; }

        public float[][] PostS { get; }

        public float[][] PostSs { get; }
    }

    internal sealed record Role(bool Pre, IReadOnlyList<int> Post);

    internal sealed record Group(int Orbit, Polarisation Polarisation, IReadOnlyList<(int Image, Role Role)> Images);

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
                groups.Add(new Group(key.Orbit, key.Polarisation, images));
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
