using Haven.Damage.Stacks;

namespace Haven.Damage.Simulation;

/// <summary>
/// Mean linear sigma0 per land-cover class and polarisation, with a slow seasonal drift, for the SAR
/// simulator. Defaults are typical C-band IW values: built-up bright and stable (about -5 dB VV), open ground
/// darker (about -12 dB VV) and wetter in winter, calm sea darkest (about -19 dB VV).
/// </summary>
public sealed record BackscatterModel
{
    /// <summary>Equivalent number of looks of the gamma speckle; 4.5 as for Sentinel-1 IW GRD.</summary>
    public double Looks { get; init; } = 4.5;

    public ClassMeans Sea { get; init; } = new(0.012, 0.0020, 0.10);

    public ClassMeans Open { get; init; } = new(0.060, 0.0140, 0.15);

    public ClassMeans Built { get; init; } = new(0.350, 0.0700, 0.02);

    /// <summary>Collapsed buildings: rubble loses the double-bounce of standing walls.</summary>
    public ClassMeans Rubble { get; init; } = new(0.140, 0.0300, 0.02);

    /// <summary>Debris on open ground near destroyed buildings: rougher, so brighter than bare soil.</summary>
    public ClassMeans Debris { get; init; } = new(0.110, 0.0250, 0.05);

    /// <summary>
    /// Spread (standard deviation of the log) of a fixed per-pixel texture on built-up cells: the same
    /// strong scatterers appear in every acquisition. The texture has mean 1, so class means hold.
    /// </summary>
    public double BuiltTextureSigma { get; init; } = 0.3;

    /// <summary>Day of year at which the seasonal drift peaks (mid-January: wet soil).</summary>
    public int DriftPeakDayOfYear { get; init; } = 15;

    public static BackscatterModel Default { get; } = new();

    /// <summary>The multiplicative drift of a class on a date: 1 + amplitude cos(2 pi (doy - peak) / 365.25).</summary>
    public double Drift(ClassMeans cls, DateOnly date)
    {
        ArgumentNullException.ThrowIfNull(cls);
        return 1 + cls.DriftAmplitude * Math.Cos(2 * Math.PI * (date.DayOfYear - DriftPeakDayOfYear) / 365.25);
    }
}

/// <summary>Mean linear sigma0 in VV and VH, and the relative amplitude of the seasonal drift.</summary>
public sealed record ClassMeans(double Vv, double Vh, double DriftAmplitude)
{
    public double For(Polarisation polarisation) => polarisation == Polarisation.VV ? Vv : Vh;
}
