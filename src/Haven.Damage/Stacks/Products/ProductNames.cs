using System.Globalization;
using System.Text.RegularExpressions;

namespace Haven.Damage.Stacks.Products;

/// <summary>
/// Sentinel-1 product file names. OPERA L2 RTC-S1 (JPL's product specification, D-108758):
/// <c>OPERA_L2_RTC-S1_T{track}-{burst}-{swath}_{acquired}Z_{processed}Z_{platform}_{spacing}_v{version}_{pol}.tif</c>,
/// linear gamma0. ASF HyP3 RTC (HyP3 documentation, "RTC product guide"):
/// <c>S1x_yy_{start}_{pp}{o}_RTC{zz}_{u}_{d}{e}{f}{k}{l}{m}_{id}_{pol}.tif</c> where <c>e</c> is the scale:
/// p power, d decibel, a amplitude. pyroSAR (its documentation, "File Naming"), which names what it processes
/// with GAMMA or SNAP after the scene: <c>{sensor}_{mode}_{A|D}_{start}</c> with each field padded with
/// underscores to a fixed width (<c>S1A__IW___A_20150309T173017</c>), then the polarisation and the processing
/// steps, the last one <c>db</c> when the values are in decibels (<c>_VV_grd_mli_geo_norm_db.tif</c>).
/// Tails after the polarisation (<c>_cropped</c>, <c>_tv</c>) are allowed.
/// </summary>
public static partial class ProductNames
{
    /// <summary>The kind of a product recognised as ASF HyP3 RTC.</summary>
    public const string Hyp3Kind = "HyP3 RTC";

    [GeneratedRegex(@"^OPERA_L2_RTC-S1_T(?<track>\d{3})-(?<burst>\d{6}-IW[123])_(?<acq>\d{8}T\d{6})Z_\d{8}T\d{6}Z_(?<platform>S1[A-D])_(?<spacing>\d+)_v[\d.]+_(?<rest>.+)\.tiff?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Opera();

    /// <summary>OPERA's static layers (RTC-S1-STATIC: incidence angles, area normalisation, looks), made once per burst.</summary>
    [GeneratedRegex(@"^OPERA_L2_RTC-S1-STATIC_T\d{3}-\d{6}-IW[123]_\d{8}_S1[A-D]_\d+_v[\d.]+_(?<layer>.+)\.tiff?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OperaStatic();

    [GeneratedRegex(@"^(?<platform>S1[A-D])_(?<mode>IW|EW|SM)_(?<acq>\d{8}T\d{6})_[DS][VH][PRO]_RTC\d+_[A-Z]_(?<kind>[gs])(?<scale>[pda])[uw][nf][ec][dm]_(?<id>[0-9A-F]{4})_(?<rest>.+)\.tiff?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Hyp3();

    [GeneratedRegex(@"^(?<platform>S1[A-D])__(?<mode>IW|EW|S[1-6])_+(?<pass>[AD])_(?<acq>\d{8}T\d{6})_(?<rest>.+)\.tiff?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PyroSar();

    /// <summary>A Sentinel-1 granule name as HyP3's metadata files quote it; the sixth field is the absolute orbit.</summary>
    [GeneratedRegex(@"\b(?<platform>S1[A-D])_(?:IW|EW|SM)_(?:GRD[HMF]|SLC_)_\d[SA][SDHV][VH]_(?<start>\d{8}T\d{6})_\d{8}T\d{6}_(?<orbit>\d{6})_[0-9A-F]{6}_[0-9A-F]{4}\b", RegexOptions.CultureInvariant)]
    public static partial Regex Granule();

    /// <summary>The polarisation at the start of a name's tail (<c>VV</c>, <c>VH_tv_cropped</c>), or why it is not one PWTT uses.</summary>
    private static (Polarisation? Pol, string? Reason) Tail(string rest)
    {
        string head = rest.Split('_')[0].ToUpperInvariant();
        return head switch
        {
            "VV" => (Polarisation.VV, null),
            "VH" => (Polarisation.VH, null),
            "HH" or "HV" => (null, $"{head} polarisation; PWTT uses VV and VH"),
            _ => (null, $"not a backscatter layer ({head.ToLowerInvariant()})"),
        };
    }

    /// <summary>An OPERA RTC-S1 file, a reason it is an OPERA file Haven does not use, or (null, null) when the name is not OPERA's.</summary>
    public static (RadarProduct? Product, string? Skip) ParseOpera(string path)
    {
        var m = Opera().Match(System.IO.Path.GetFileName(path));
        if (!m.Success)
        {
            return OperaStatic().Match(System.IO.Path.GetFileName(path)) is { Success: true } s
                ? (null, $"OPERA RTC-S1 static layer ({s.Groups["layer"].Value.Replace('_', ' ')}), made once per burst; not backscatter")
                : (null, null);
        }

        var (pol, reason) = Tail(m.Groups["rest"].Value);
        if (pol is null)
        {
            return (null, IsOperaMask(m) ? OperaMaskAlone : $"OPERA RTC-S1 file, {reason}");
        }

        if (Time(m.Groups["acq"].Value) is not { } acquired)
        {
            return (null, $"OPERA RTC-S1 file, {NotATime(m.Groups["acq"].Value)}");
        }

        return (new RadarProduct(path, "OPERA RTC-S1", acquired, pol.Value, RadarScale.Linear,
            int.Parse(m.Groups["track"].Value, CultureInfo.InvariantCulture), "file name",
            m.Groups["platform"].Value.ToUpperInvariant(), m.Groups["burst"].Value.ToUpperInvariant()), null);
    }

    /// <summary>The name of a HyP3 RTC product's layover/shadow map: the product's name and this.</summary>
    public const string Hyp3MaskSuffix = "_ls_map.tif";

    /// <summary>Why a HyP3 layover/shadow map that no image of its product uses is skipped.</summary>
    public const string Hyp3MaskAlone = "HyP3 RTC layover/shadow map with no VV or VH image of its product beside it";

    /// <summary>Why an OPERA layover/shadow mask that no image of its product uses is skipped.</summary>
    public const string OperaMaskAlone = "OPERA RTC-S1 layover/shadow mask with no VV or VH image of its product beside it";

    /// <summary>
    /// The file name of the layover/shadow mask of an OPERA RTC-S1 backscatter image (the product's <c>_mask</c> layer:
    /// its name with the polarisation replaced by <c>mask</c>, any tail kept), or null when the name is not OPERA's.
    /// </summary>
    public static string? OperaMaskName(string path)
    {
        string name = System.IO.Path.GetFileName(path);
        var m = Opera().Match(name);
        if (!m.Success || Tail(m.Groups["rest"].Value).Pol is null)
        {
            return null;
        }

        var rest = m.Groups["rest"];
        return string.Concat(name.AsSpan(0, rest.Index), "mask", name.AsSpan(rest.Index + 2));
    }

    private static bool IsOperaMask(Match m) => m.Groups["rest"].Value.Split('_')[0].Equals("mask", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A HyP3 RTC file with its track still unknown (-1; <see cref="ProductFolder"/> finds it), a reason to skip it,
    /// or (null, null) when the name is not HyP3's.
    /// </summary>
    public static (RadarProduct? Product, string? Skip, string? ProductId) ParseHyp3(string path)
    {
        var m = Hyp3().Match(System.IO.Path.GetFileName(path));
        if (!m.Success)
        {
            return (null, null, null);
        }

        var (pol, reason) = Tail(m.Groups["rest"].Value);
        if (pol is null)
        {
            return (null, m.Groups["rest"].Value.Equals("ls_map", StringComparison.OrdinalIgnoreCase) ? Hyp3MaskAlone : $"HyP3 RTC file, {reason}", null);
        }

        var scale = char.ToLowerInvariant(m.Groups["scale"].Value[0]) switch
        {
            'd' => RadarScale.Db,
            'a' => RadarScale.Amplitude,
            _ => RadarScale.Linear,
        };
        string name = System.IO.Path.GetFileName(path);
        string product = name[..name.LastIndexOf('_')];
        if (Time(m.Groups["acq"].Value) is not { } acquired)
        {
            return (null, $"HyP3 RTC file, {NotATime(m.Groups["acq"].Value)}", null);
        }

        return (new RadarProduct(path, Hyp3Kind, acquired, pol.Value, scale, -1, "unknown",
            m.Groups["platform"].Value.ToUpperInvariant()), null, product);
    }

    /// <summary>
    /// A scene pyroSAR processed (GAMMA or SNAP), with its track still unknown (-1: pyroSAR names give the pass but
    /// not the relative orbit), a reason to skip it, or (null, null) when the name is not pyroSAR's.
    /// </summary>
    public static (RadarProduct? Product, string? Skip) ParsePyroSar(string path)
    {
        var m = PyroSar().Match(System.IO.Path.GetFileName(path));
        if (!m.Success)
        {
            return (null, null);
        }

        string rest = m.Groups["rest"].Value;
        var (pol, reason) = Tail(rest);
        if (pol is null)
        {
            return (null, $"pyroSAR file, {reason}");
        }

        var scale = rest.EndsWith("_db", StringComparison.OrdinalIgnoreCase) ? RadarScale.Db : RadarScale.Linear;
        string pass = char.ToUpperInvariant(m.Groups["pass"].Value[0]) == 'A' ? "ascending" : "descending";
        if (Time(m.Groups["acq"].Value) is not { } acquired)
        {
            return (null, $"pyroSAR file, {NotATime(m.Groups["acq"].Value)}");
        }

        return (new RadarProduct(path, "pyroSAR", acquired, pol.Value, scale, -1, "unknown",
            m.Groups["platform"].Value.ToUpperInvariant(), Pass: pass), null);
    }

    /// <summary>
    /// The relative orbit of an absolute orbit (ESA's Sentinel-1 user guide: a 175-orbit repeat cycle; Sentinel-1A's
    /// relative orbit 1 starts at absolute orbit 73, Sentinel-1B's at 27). Null for platforms without a published offset here.
    /// </summary>
    public static int? RelativeOrbit(string platform, int absoluteOrbit) => platform.ToUpperInvariant() switch
    {
        "S1A" => ((absoluteOrbit - 73) % 175 + 175) % 175 + 1,
        "S1B" => ((absoluteOrbit - 27) % 175 + 175) % 175 + 1,
        _ => null,
    };

    /// <summary>The acquisition time a name gives (UTC), or null when its digits are no date and time.</summary>
    private static DateTimeOffset? Time(string text) =>
        DateTimeOffset.TryParseExact(text, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time : null;

    private static string NotATime(string text) => $"its acquisition time {text} is not a date and time (expected yyyyMMddTHHmmss)";
}
