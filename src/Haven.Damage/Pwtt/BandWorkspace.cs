using Haven.Damage.Filters;
using Haven.Damage.Stacks;

namespace Haven.Damage.Pwtt;

/// <summary>
/// Working memory for one thread of the band loop, created by the loop for its thread and disposed with it:
/// the stack's open files, the read buffer, the Lee filter's scratch, and per orbit and polarisation the
/// running sums of the pre window and of each post window, with t and df. Sized for the tallest band of the
/// run and reused from band to band.
/// </summary>
internal sealed class BandWorkspace : IDisposable
{
    public BandWorkspace(ImageStack stack, PwttPlan plan, int windowCells, int cells, int blockRows)
    {
        int padded = PwttKernels.Padded(cells);
        Reader = stack.OpenReader(blockRows);
        Read = new float[windowCells];
        Pre = [.. plan.Groups.Select(g => new WindowSums(g.PreImages, padded))];
        Post = [.. plan.Groups.Select(g => g.PostImages.Select(n => new WindowSums(n, padded)).ToArray())];
        T = [.. plan.Groups.Select(_ => new float[padded])];
        Df = [.. plan.Groups.Select(_ => new float[padded])];
        Best = new float[padded];
        Padded = padded;
    }

    public StackReader Reader { get; }

    public LeeWorkspace Lee { get; } = new();

    /// <summary>The band and its halo as read from one image.</summary>
    public float[] Read { get; }

    /// <summary>Per group: the pre window's sums.</summary>
    public WindowSums[] Pre { get; }

    /// <summary>Per group and inference date: the post window's sums.</summary>
    public WindowSums[][] Post { get; }

    public float[][] T { get; }

    public float[][] Df { get; }

    /// <summary>The change value of one inference date: the largest |Z| over polarisations.</summary>
    public float[] Best { get; }

    /// <summary>The band's cell count rounded up to whole vectors: the length the kernels run over.</summary>
    public int Padded { get; }

    public void Dispose() => Reader.Dispose();
}
