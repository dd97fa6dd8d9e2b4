namespace Haven.Damage.Filters;

/// <summary>
/// Scratch memory for <see cref="LeeFilter.ApplyRows"/>: a few rows of sums, grown when a wider image comes
/// and reused from call to call. Owned by whoever runs the filter (one per thread of a parallel loop); it
/// lives as long as its owner, never longer.
/// </summary>
public sealed class LeeWorkspace
{
    private float[] buffer = [];

    internal Span<float> Take(int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }

        return buffer.AsSpan(0, length);
    }
}
