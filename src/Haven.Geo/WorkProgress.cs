namespace Haven.Geo;

/// <summary>Progress of long work: what is being done, and how far along it is (Done of Total units).</summary>
public readonly record struct WorkProgress(string Stage, int Done, int Total)
{
    public double Fraction => Total <= 0 ? 0 : (double)Done / Total;

    /// <summary>Where each tile stands, in a run cut into tiles; null otherwise.</summary>
    public TileProgress? Tiles { get; init; }
}

/// <summary>
/// Where the tiles of a tiled run stand: stored, being run, waiting to be tried again after a failure, failed with
/// their retries spent, and the time left at the pace of the tiles finished so far (null until one has finished).
/// </summary>
public sealed record TileProgress(int Total, int Done, int Running, int Retrying, int Failed, TimeSpan? Remaining)
{
    /// <summary>Tiles the live workers can run at once, where tiles are handed to workers; null for a run in one process.</summary>
    public int? Workers { get; init; }

    /// <summary>
    /// Counts with the time left estimated from the tiles this run has finished: <paramref name="doneAtStart"/>
    /// tiles were stored before it began (a resumed run) and say nothing about its pace.
    /// </summary>
    public static TileProgress Estimate(int total, int done, int running, int retrying, int failed, int doneAtStart, TimeSpan elapsed)
    {
        int finished = done - doneAtStart;
        TimeSpan? left = done >= total ? TimeSpan.Zero
            : finished > 0 ? TimeSpan.FromSeconds(Math.Round(elapsed.TotalSeconds / finished * (total - done))) : null;
        return new TileProgress(total, done, running, retrying, failed, left);
    }

    /// <summary>One line for a person: "12 of 40 tiles stored, 2 running, 1 to retry, about 3 min left".</summary>
    public string Describe()
    {
        var parts = new List<string> { FormattableString.Invariant($"{Done} of {Total} tiles stored") };
        if (Running > 0)
        {
            parts.Add(FormattableString.Invariant($"{Running} running"));
        }

        if (Retrying > 0)
        {
            parts.Add(FormattableString.Invariant($"{Retrying} to retry"));
        }

        if (Failed > 0)
        {
            parts.Add(FormattableString.Invariant($"{Failed} failed"));
        }

        if (Remaining is { } left && Done < Total)
        {
            parts.Add(left.TotalSeconds < 90 ? FormattableString.Invariant($"about {Math.Max(1, (int)left.TotalSeconds)} s left")
                : left.TotalMinutes < 90 ? FormattableString.Invariant($"about {(int)Math.Round(left.TotalMinutes)} min left")
                : FormattableString.Invariant($"about {left.TotalHours:0.#} h left"));
        }

        if (Workers == 0 && Done < Total)
        {
            parts.Add("no worker is taking tiles: start haven worker --db on a machine that reaches this database");
        }

        return string.Join(", ", parts);
    }
}

/// <summary>
/// Reports on the calling thread, in order. <see cref="Progress{T}"/> posts to the thread pool, so its reports
/// can arrive late or out of order for work that runs synchronously.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
