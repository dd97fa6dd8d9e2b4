using Haven.Geo.Rasters;

namespace Haven.Damage.Simulation;

/// <summary>
/// What covers each cell of a simulated scene, as fractions of the cell's area: sea, intact built-up,
/// built-up that the damage event destroys, and open ground around destroyed buildings that gets debris.
/// The rest of each cell is open ground. Arrays are row-major over <see cref="Grid"/>.
/// </summary>
public sealed class SceneFractions
{
    public SceneFractions(RasterGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        Grid = grid;
        Sea = new float[grid.CellCount];
        Built = new float[grid.CellCount];
        Destroyed = new float[grid.CellCount];
        Debris = new float[grid.CellCount];
    }

    public RasterGrid Grid { get; }

#pragma warning disable CA1819 // buffers for per-pixel loops
    public float[] Sea { get; }

    /// <summary>Built-up share that stays intact through the event.</summary>
    public float[] Built { get; }

    /// <summary>Built-up share destroyed by the event (intact before it).</summary>
    public float[] Destroyed { get; }

    /// <summary>Open-ground share covered by debris after the event.</summary>
    public float[] Debris { get; }
#pragma warning restore CA1819

    /// <summary>Open ground: what is neither sea nor built-up (debris is open ground before the event).</summary>
    public float Open(int i) => Math.Max(0f, 1f - Sea[i] - Built[i] - Destroyed[i]);
}
