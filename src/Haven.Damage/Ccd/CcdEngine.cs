using System.Diagnostics;
using Haven.Damage.Pwtt;
using Haven.Damage.Stacks;
using Haven.Geo;
using Haven.Geo.Rasters;

namespace Haven.Damage.Ccd;

/// <summary>
/// Coherent change detection: for each inference date, the coherence of the last two acquisitions before the
/// event (gamma_pre) and of the last pre-event acquisition with the first acquisition on or after the
/// inference date (gamma_co), per orbit and polarisation; the change signal is gamma_pre - gamma_co (loss of
/// coherence: buildings whose scatterers were rearranged), the largest over orbits and polarisations.
/// Thread-safe; holds two or three complex images at a time.
/// </summary>
public static class CcdEngine
{
    public static Outcome<ChangeMaps> Run(ImageStack stack, DateOnly eventDate, IReadOnlyList<DateOnly> inferenceDates, CcdOptions options)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is string invalid)
        {
            return Outcome<ChangeMaps>.Failure("ccd.options", invalid);
        }

        var clock = Stopwatch.StartNew();
        var grid = stack.Grid;
        // Per inference date one best-coherence map, with the complex images it compares (two floats a cell each).
        if (RasterLimits.Current.CheckAnalysis(stack.Manifest, (long)grid.Width * grid.Height, inferenceDates.Count + 6) is { } tooBig)
        {
            return tooBig;
        }

        var window = RasterWindow.Full(grid);
        var maps = new List<ChangeMap>();
        var uses = new List<PwttWindowUse>();
        using var reader = stack.OpenReader();
        long samples = 0;
        var groups = stack.Entries.Select((e, i) => (e, i)).GroupBy(x => (x.e.Orbit, x.e.Polarisation)).ToList();
        foreach (var inference in inferenceDates)
        {
            var best = new float[grid.CellCount];
            Array.Fill(best, float.NaN);
            bool any = false;
            foreach (var g in groups)
            {
                var pre = g.Where(x => x.e.Date < eventDate).OrderBy(x => x.e.Date).ToList();
                var post = g.Where(x => x.e.Date >= inference).OrderBy(x => x.e.Date).ToList();
                uses.Add(new PwttWindowUse(g.Key.Orbit, g.Key.Polarisation, pre.Count, [post.Count], pre.Count >= 2 && post.Count >= 1));
                if (pre.Count < 2 || post.Count < 1)
                {
                    continue;
                }

                var a = reader.ReadComplex(pre[^2].i, window);
                var b = reader.ReadComplex(pre[^1].i, window);
                var c = reader.ReadComplex(post[0].i, window);
                foreach (var read in new[] { a, b, c })
                {
                    if (!read.Succeeded)
                    {
                        return read.Problem!;
                    }
                }

                var gammaPre = Coherence.Compute(a.Value, b.Value, grid.Width, grid.Height, options.Window);
                var gammaCo = Coherence.Compute(b.Value, c.Value, grid.Width, grid.Height, options.Window);
                for (int i = 0; i < best.Length; i++)
                {
                    float loss = gammaPre[i] - gammaCo[i];
                    if (!float.IsNaN(loss) && (float.IsNaN(best[i]) || loss > best[i]))
                    {
                        best[i] = loss;
                    }
                }

                samples += 3L * grid.CellCount;
                any = true;
            }

            if (!any)
            {
                return Outcome<ChangeMaps>.Failure("ccd.too_few_dates",
                    $"{stack.Manifest}: for inference {inference:yyyy-MM-dd} no orbit and polarisation has two acquisitions before the event {eventDate:yyyy-MM-dd} and one on or after the inference date.");
            }

            maps.Add(new ChangeMap(inference, new Raster<float>(grid, best, float.NaN)));
        }

        return new ChangeMaps(grid, maps, uses, [], new Dictionary<string, double> { ["coherence"] = clock.Elapsed.TotalSeconds }, samples);
    }
}
