namespace Haven.Geo;

/// <summary>How a figure that may be missing leaves Haven: NaN and the infinities become null (JSON null, SQL NULL, an empty CSV cell), never "NaN".</summary>
public static class Numbers
{
    /// <summary>The value, or null when it is NaN or infinite.</summary>
    public static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>As <see cref="Finite(double)"/>, for a value that may already be absent.</summary>
    public static double? Finite(double? value) => value is double v && double.IsFinite(v) ? v : null;
}
