namespace Haven.Geo.Rasters;

/// <summary>
/// Rows of a raster read on demand, so that work over large rasters streams through them by blocks of rows
/// instead of loading them whole. Implementations say whether they are thread-safe.
/// </summary>
public interface IRasterSource
{
    RasterGrid Grid { get; }

    int BandCount { get; }

    double? NoData { get; }

    /// <summary>Rows that are cheapest to read together (a strip or a row of tiles).</summary>
    int BlockHeight { get; }

    /// <summary>Cells of rows [rowStart, rowStart + rowCount) of a band (1-based), row-major, as doubles.</summary>
    Outcome<double[]> ReadRows(int band, int rowStart, int rowCount);

    /// <summary>The same rows into <paramref name="destination"/> (at least rowCount × width long), so a caller streaming through a raster reuses one buffer.</summary>
    Problem? ReadRows(int band, int rowStart, int rowCount, double[] destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var rows = ReadRows(band, rowStart, rowCount);
        if (!rows.Succeeded)
        {
            return rows.Problem;
        }

        rows.Value.CopyTo(destination, 0);
        return null;
    }
}

/// <summary>A raster held in memory as a source. Thread-safe for reads.</summary>
public sealed class InMemoryRasterSource<T>(Raster<T> raster) : IRasterSource where T : unmanaged, System.Numerics.INumberBase<T>
{
    public RasterGrid Grid => raster.Grid;

    public int BandCount => 1;

    public double? NoData => raster.NoData;

    public int BlockHeight => 256;

    public Outcome<double[]> ReadRows(int band, int rowStart, int rowCount)
    {
        if (band != 1 || rowStart < 0 || rowCount <= 0 || rowStart + rowCount > raster.Height)
        {
            return Outcome<double[]>.Failure("raster.window", $"band {band}, rows {rowStart}..{rowStart + rowCount - 1} are outside the raster.");
        }

        var source = raster.Data.AsSpan(rowStart * raster.Width, rowCount * raster.Width);
        var result = new double[source.Length];
        for (int i = 0; i < source.Length; i++)
        {
            result[i] = double.CreateTruncating(source[i]);
        }

        return result;
    }
}
