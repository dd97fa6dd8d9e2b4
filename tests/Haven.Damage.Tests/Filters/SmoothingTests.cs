using Haven.Damage.Filters;

namespace Haven.Damage.Tests.Filters;

public class SmoothingTests
{
    [Fact]
    public void A_10_m_kernel_on_10_m_pixels_is_the_centre_and_its_four_neighbours()
    {
        var k = CircularKernel.FromMetres(10, 10);

        Assert.Equal(5, k.CellCount);
        Assert.Equal([0, 1, 0], k.HalfWidths);
    }

    [Fact]
    public void The_focal_median_takes_the_middle_of_the_plus_shaped_neighbourhood()
    {
        float[] v = [9, 1, 9, 2, 5, 7, 9, 3, 9];

        var m = FocalMedian.Apply(v, 3, 3, CircularKernel.FromMetres(10, 10));

        Assert.Equal(3, m[4]); // median of 1, 2, 5, 7, 3
        Assert.Equal(2, m[0]); // corner: 9, 1, 2 -> 2
    }

    [Fact]
    public void The_circular_mean_averages_the_valid_cells_within_the_radius()
    {
        int w = 7, h = 7;
        var v = Enumerable.Range(0, w * h).Select(i => (float)i).ToArray();
        v[3 * w + 4] = float.NaN;
        var k = CircularKernel.FromMetres(20, 10);

        var c = CircularMean.Apply(v, w, h, k);

        var expected = new List<float>();
        for (int dy = -2; dy <= 2; dy++)
        {
            for (int dx = -2; dx <= 2; dx++)
            {
                if (dx * dx + dy * dy <= 4 && !float.IsNaN(v[(3 + dy) * w + 3 + dx]))
                {
                    expected.Add(v[(3 + dy) * w + 3 + dx]);
                }
            }
        }

        Assert.Equal(expected.Average(), c[3 * w + 3], 4);
        Assert.True(float.IsNaN(c[3 * w + 4]));
    }
}
