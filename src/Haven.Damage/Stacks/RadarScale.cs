using System.Numerics;
using System.Runtime.InteropServices;

namespace Haven.Damage.Stacks;

/// <summary>How an image's cells hold backscatter. PWTT works on linear power; the others are converted on read.</summary>
public enum RadarScale
{
    /// <summary>Linear power (sigma0 or gamma0), as OPERA RTC-S1 and Planetary Computer's RTC deliver it.</summary>
    Linear,

    /// <summary>Decibels: linear = 10^(dB / 10).</summary>
    Db,

    /// <summary>Amplitude: linear power = amplitude².</summary>
    Amplitude,
}

/// <summary>The one conversion of radar cells to linear power, with nodata masked; every reader of a stack uses it.</summary>
public static class RadarValues
{
    /// <summary>
    /// Turns cells into linear power in place: declared nodata, NaN, infinities and exact zeros (the fill over water
    /// and outside the swath of most products) become NaN; dB and amplitude are converted.
    /// </summary>
    public static void ToLinear(Span<float> values, RadarScale scale, double? noData)
    {
        // NaN never equals anything, so without declared nodata the comparison masks nothing.
        float nd = noData is double d ? (float)d : float.NaN;
        var ndv = new Vector<float>(nd);
        var nan = new Vector<float>(float.NaN);
        var infinity = new Vector<float>(float.PositiveInfinity);
        var cells = MemoryMarshal.Cast<float, Vector<float>>(values);
        for (int i = 0; i < cells.Length; i++)
        {
            var v = cells[i];
            // Not finite: NaN fails v == v, infinities have |v| == infinity.
            var missing = ~Vector.Equals(v, v) | Vector.Equals(Vector.Abs(v), infinity) | Vector.Equals(v, Vector<float>.Zero) | Vector.Equals(v, ndv);
            cells[i] = Vector.ConditionalSelect(missing, nan, v);
        }

        for (int i = cells.Length * Vector<float>.Count; i < values.Length; i++)
        {
            float v = values[i];
            values[i] = !float.IsFinite(v) || v == 0 || v == nd ? float.NaN : v;
        }

        if (scale == RadarScale.Db)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = MathF.Pow(10, values[i] / 10);
            }
        }
        else if (scale == RadarScale.Amplitude)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] *= values[i];
            }
        }
    }

    /// <summary>
    /// Leaves without data the cells a product's layover/shadow mask flags: in shadow the radar saw nothing, and in
    /// layover one cell holds the echoes of several places, so a change there cannot be put on the building under it.
    /// OPERA's mask keeps only 0 (valid): shadow, layover and invalid cells are cleared. GAMMA's (HyP3) clears the
    /// cells whose sum holds layover (4) or shadow (16); the slope conditions alone, and cells not tested, are kept.
    /// Returns how many cells that had a value were cleared.
    /// </summary>
    public static int ApplyLayoverShadowMask(Span<float> values, ReadOnlySpan<float> mask, Products.MaskCoding coding)
    {
        if (mask.Length != values.Length)
        {
            throw new ArgumentException($"the mask holds {mask.Length} cells where the image holds {values.Length}.", nameof(mask));
        }

        int cleared = 0;
        for (int i = 0; i < values.Length; i++)
        {
            // OPERA: a NaN mask cell (no mask value) fails == 0 and is cleared too.
            bool flagged = coding == Products.MaskCoding.Opera ? !(mask[i] == 0) : mask[i] is >= 0 and < 256 && (((int)mask[i] & (4 | 16)) != 0);
            if (flagged && !float.IsNaN(values[i]))
            {
                values[i] = float.NaN;
                cleared++;
            }
        }

        return cleared;
    }

    public static string Name(RadarScale scale) => scale switch
    {
        RadarScale.Db => "db",
        RadarScale.Amplitude => "amplitude",
        _ => "linear",
    };

    public static bool TryParse(string text, out RadarScale scale)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "linear" or "power" or "":
                scale = RadarScale.Linear;
                return true;
            case "db" or "decibel" or "decibels":
                scale = RadarScale.Db;
                return true;
            case "amplitude":
                scale = RadarScale.Amplitude;
                return true;
            default:
                scale = RadarScale.Linear;
                return false;
        }
    }
}
