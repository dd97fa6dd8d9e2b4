namespace Haven.Geo;

/// <summary>Progress of long work: what is being done, and how far along it is (Done of Total units).</summary>
public readonly record struct WorkProgress(string Stage, int Done, int Total)
{
    public double Fraction => Total <= 0 ? 0 : (double)Done / Total;
}

/// <summary>
/// Reports on the calling thread, in order. <see cref="Progress{T}"/> posts to the thread pool, so its reports
/// can arrive late or out of order for work that runs synchronously.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
