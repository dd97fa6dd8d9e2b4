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
    /// Leaves without data the cells a product's layover/shadow mask flags. OPERA RTC-S1's mask (JPL, RTC-S1 product
    /// specification) is 0 for a valid cell, 1 shadow, 2 layover, 3 both and 255 invalid: only 0 is kept, since in
    /// shadow the radar saw nothing and in layover it saw several places at once, so a change there cannot be put on
    /// the building under the cell. Returns how many cells that had a value were cleared.
    /// </summary>
    public static int ApplyLayoverShadowMask(Span<float> values, ReadOnlySpan<float> mask)
    {
        if (mask.Length != values.Length)
        {
            throw new ArgumentException($"the mask holds {mask.Length} cells where the image holds {values.Length}.", nameof(mask));
        }

        int cleared = 0;
        for (int i = 0; i < values.Length; i++)
        {
            // A NaN mask cell (no mask value) fails == 0 and is cleared too.
            if (!(mask[i] == 0) && !float.IsNaN(values[i]))
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
