namespace Haven.Geo.Rasters;

/// <summary>
/// A single-band raster held in memory, row-major from the top-left cell. Not thread-safe for writes;
/// concurrent reads are safe.
/// </summary>
public sealed class Raster<T> where T : unmanaged
{
    public Raster(RasterGrid grid, T[]? data = null, double? noData = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        data ??= new T[grid.CellCount];
        if (data.Length != grid.CellCount)
        {
            throw new ArgumentException(
                $"Raster data has {data.Length} cells but its grid is {grid.Width} x {grid.Height}.", nameof(data));
        }

        Grid = grid;
        Data = data;
        NoData = noData;
    }

    public RasterGrid Grid { get; }

    /// <summary>The cells, row-major; exposed as an array so hot loops can take spans of it.</summary>
#pragma warning disable CA1819 // a raster is a buffer: callers work on it through spans
    public T[] Data { get; }
#pragma warning restore CA1819

    public double? NoData { get; }

    public int Width => Grid.Width;

    public int Height => Grid.Height;

    public T this[int column, int row]
    {
        get => Data[row * Grid.Width + column];
        set => Data[row * Grid.Width + column] = value;
    }

    public Span<T> Row(int row) => Data.AsSpan(row * Grid.Width, Grid.Width);
}
