using Haven.Geo.Rasters;
using Haven.Geo.Rasters.Warping;

namespace Haven.Geo.Tests.Rasters;

/// <summary>The warp's own rules on tiny synthetic grids; its agreement with gdalwarp is tested on products in the Damage tests.</summary>
public sealed class WarpTests
{
    private static readonly RasterGrid Source = new(20, 10, GeoTransform.NorthUp(500_000, 3_500_000, 10, 10), 32636);

    private static float[] SourceValues() =>
        [.. Enumerable.Range(0, Source.CellCount).Select(i => i % 7 == 3 ? float.NaN : i + 0.5f)];

    [Fact]
    public void On_the_same_lattice_every_target_cell_is_its_source_cell_and_missing_cells_leave_the_target_as_it_was()
    {
        // The target starts 3 cells right of and 2 cells below the source's corner, and runs past its right edge.
        var target = new RasterGrid(25, 6, GeoTransform.NorthUp(500_030, 3_499_980, 10, 10), 32636);
        var values = SourceValues();
        var destination = Enumerable.Repeat(-1f, target.CellCount).ToArray();
        var identity = CrsTransform.Between(32636, 32636, "test").Value;

        long written = Warp.Into(destination, target, values, RasterWindow.Full(Source), Source, identity, Resampling.Bilinear);

        long expectedWritten = 0;
        for (int r = 0; r < target.Height; r++)
        {
            for (int c = 0; c < target.Width; c++)
            {
                int sc = c + 3, sr = r + 2;
                float expected = sc < Source.Width && sr < Source.Height && !float.IsNaN(values[sr * Source.Width + sc]) ? values[sr * Source.Width + sc] : -1f;
                expectedWritten += expected == -1f ? 0 : 1;
                Assert.Equal(expected, destination[r * target.Width + c]);
            }
        }

        Assert.Equal(expectedWritten, written);
    }

    [Fact]
    public void Half_a_cell_off_the_lattice_bilinear_averages_the_two_neighbours_and_leaves_out_a_missing_one()
    {
        var target = new RasterGrid(4, 1, GeoTransform.NorthUp(500_005, 3_500_000, 10, 10), 32636);
        var values = SourceValues();
        var destination = new float[target.CellCount];
        var identity = CrsTransform.Between(32636, 32636, "test").Value;

        Warp.Into(destination, target, values, RasterWindow.Full(Source), Source, identity, Resampling.Bilinear);

        // Centres fall between source columns c and c + 1 of row 0; column 3 is missing, so target 2 takes column 2 alone
        // (weights renormalised) and target 3 takes column 4 alone.
        Assert.Equal([1f, 2f, 2.5f, 4.5f], destination);
    }
}
