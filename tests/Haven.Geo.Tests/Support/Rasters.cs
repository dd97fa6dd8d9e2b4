using System.Numerics;
using Haven.Geo.Rasters;

namespace Haven.Geo.Tests.Support;

/// <summary>Tiny generated rasters with values that are easy to check: band b, row r, column c holds b*100000 + r*100 + c.</summary>
public static class TestRasters
{
    public static readonly RasterGrid Utm = new(37, 23, GeoTransform.NorthUp(580_000, 3_472_000, 10, 10), 32636);

    public static T[] Ramp<T>(RasterGrid grid, int band = 0, double offset = 0) where T : unmanaged, INumberBase<T>
    {
        var data = new T[grid.CellCount];
        for (int r = 0; r < grid.Height; r++)
        {
            for (int c = 0; c < grid.Width; c++)
            {
                data[r * grid.Width + c] = T.CreateTruncating(band * 1000 + r * 30 + c + offset);
            }
        }

        return data;
    }
}
