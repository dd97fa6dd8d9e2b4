using Haven.Damage.Stacks;
using Haven.Geo;

namespace Haven.Damage.Pwtt;

/// <summary>
/// Which images of a stack the t-test uses: per orbit and polarisation, the images in the pre window (the
/// months before the event) and in each post window (from each inference date), and the orbits and
/// polarisations left out for too few images, with the reason.
/// </summary>
internal sealed record PwttPlan(IReadOnlyList<PwttPlan.Group> Groups, IReadOnlyList<PwttWindowUse> Windows, IReadOnlyList<string> Warnings)
{
    /// <summary>The windows an image falls in: the pre window and the indexes of the post windows.</summary>
    internal sealed record Role(bool Pre, IReadOnlyList<int> Post);

    /// <summary>One orbit and polarisation: its images and roles, and how many fall in the pre window and in each post window.</summary>
    internal sealed record Group(int Orbit, Polarisation Polarisation, IReadOnlyList<(int Image, Role Role)> Images, int PreImages, IReadOnlyList<int> PostImages);

    /// <summary>The distinct polarisations, each with the indexes of its groups (the orbits Stouffer combines).</summary>
    public IReadOnlyList<int[]> GroupsByPolarisation { get; } =
        [.. Groups.Select((g, i) => (g.Polarisation, i)).GroupBy(x => x.Polarisation).Select(p => p.Select(x => x.i).ToArray())];

    /// <summary>The images that count, in total over the groups (each image once).</summary>
    public int ImagesUsed => Groups.Sum(g => g.Images.Count);

    public static Outcome<PwttPlan> For(ImageStack stack, DateOnly eventDate, IReadOnlyList<DateOnly> inference, PwttOptions options)
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
            return Outcome<PwttPlan>.Failure("pwtt.too_few_dates", $"{stack.Manifest}: no orbit and polarisation has enough images: {detail}.");
        }

        return new PwttPlan(groups, windows, warnings);
    }

    private static string Describe(int pre, IReadOnlyList<int> post, DateOnly preStart, DateOnly eventDate, IReadOnlyList<DateOnly> inference, PwttOptions o) =>
        $"pre window {preStart:yyyy-MM-dd}..{eventDate.AddDays(-1):yyyy-MM-dd} has {pre} image(s) (needs {o.MinPreValues})"
        + string.Concat(inference.Select((d, i) => $", post window {d:yyyy-MM-dd}..{d.AddMonths(o.PostWindowMonths).AddDays(-1):yyyy-MM-dd} has {post[i]} (needs {o.MinPostValues})"));
}
