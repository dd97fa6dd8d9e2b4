using Haven.Damage.Stacks;
using Haven.Damage.Stacks.Products;

namespace Haven.Damage.Tests.Stacks;

/// <summary>The two codings of layover/shadow masks, cell by cell.</summary>
public sealed class LayoverShadowMaskTests
{
    [Fact]
    public void An_opera_mask_keeps_only_valid_cells_and_counts_the_cells_with_a_value_it_cleared()
    {
        float[] mask = [0, 1, 2, 3, 255, float.NaN, 0, 2];
        float[] values = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, float.NaN, float.NaN];

        int cleared = RadarValues.ApplyLayoverShadowMask(values, mask, MaskCoding.Opera);

        Assert.Equal(5, cleared);
        Assert.Equal([0.1f, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN], values);
    }

    [Fact]
    public void A_gamma_mask_clears_every_sum_holding_layover_or_shadow_and_keeps_every_other_of_the_32()
    {
        var mask = Enumerable.Range(0, 32).Select(code => (float)code).ToArray();
        var values = Enumerable.Repeat(0.25f, 32).ToArray();

        int cleared = RadarValues.ApplyLayoverShadowMask(values, mask, MaskCoding.Gamma);

        for (int code = 0; code < 32; code++)
        {
            bool layoverOrShadow = (code & 4) != 0 || (code & 16) != 0;
            Assert.True(layoverOrShadow == float.IsNaN(values[code]), $"code {code}: {values[code]}");
        }

        Assert.Equal(24, cleared);
    }

    [Fact]
    public void A_mask_of_another_size_than_the_image_is_refused() =>
        Assert.Throws<ArgumentException>(() => RadarValues.ApplyLayoverShadowMask(new float[4], new float[3], MaskCoding.Opera));
}
