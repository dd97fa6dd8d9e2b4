using System.Globalization;
using System.Text.RegularExpressions;
using Haven.Damage.Assessment;
using Haven.Geo;
using Haven.Geo.Spatial;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;

namespace Haven.Damage.Unosat;

/// <summary>One damage site as UNOSAT maps it: where, and its damage class on each date imagery was read (in date order).</summary>
public sealed record DamageSite(int Index, Geometry Location, IReadOnlyList<(DateOnly Date, int Class)> Classes)
{
    /// <summary>
    /// The site as it stood on a date: the class read on the latest date on or before it (a later reading
    /// supersedes an earlier one); null before its first reading, when it had not been seen damaged.
    /// </summary>
    public (DateOnly Date, int Class)? On(DateOnly date)
    {
        (DateOnly, int)? seen = null;
        foreach (var reading in Classes)
        {
            if (reading.Date > date)
            {
                break;
            }

            seen = reading;
        }

        return seen;
    }

    /// <summary>The readings as stored: <c>YYYY-MM-DD:class</c>, comma-separated, in date order.</summary>
    public string ClassesText => string.Join(',', Classes.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Date:yyyy-MM-dd}:{c.Class}")));

    /// <summary>Readings from <see cref="ClassesText"/>.</summary>
    public static IReadOnlyList<(DateOnly Date, int Class)> ParseClasses(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(part =>
        {
            int colon = part.IndexOf(':', StringComparison.Ordinal);
            return (DateOnly.ParseExact(part[..colon], "yyyy-MM-dd", CultureInfo.InvariantCulture), int.Parse(part[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture));
        }).OrderBy(c => c.Item1)];
    }
}

/// <summary>Damage sites of one area on one date, by class: what UNOSAT's analysts saw there.</summary>
public sealed record DamageSiteCounts(string Code, string Name, DateOnly Date, int Sites, int Destroyed, int Severe, int Moderate, int Possible, int Other)
{
    /// <summary>Destroyed, severely or moderately damaged: "damaged" as the PWTT paper and Haven's labels count it.</summary>
    public int Damaged => Destroyed + Severe + Moderate;
}

/// <summary>
/// UNOSAT damage-site layers, a damage source of their own: visual interpretation of very-high-resolution
/// imagery, one point per structure seen damaged, with its class on each date the imagery was read. Two
/// layouts are in use: one property per date, <c>cls_YYYYMMDD</c> (the layer in the project's reference data),
/// and UNOSAT's wide layout, <c>SensorDate</c> / <c>Main_Damage_Site_Class</c> with <c>_2</c>, <c>_3</c>...
/// suffixes for later dates. Classes: 1 destroyed, 2 severe, 3 moderate, 4 possible damage, others (no visible
/// damage, craters, ...) counted as other. A site with no class on a date was not seen damaged by then.
/// </summary>
public static partial class DamageSites
{
    public const string Method = "visual interpretation of very-high-resolution imagery (UNOSAT damage sites)";

    /// <summary>A UNOSAT class in words: destroyed, severe, moderate, possible, or other (no visible damage, craters...).</summary>
    public static string ClassName(int cls) => cls switch
    {
        1 => "destroyed",
        2 => "severe",
        3 => "moderate",
        4 => "possible",
        _ => "other",
    };

    /// <summary>Destroyed, severely or moderately damaged (classes 1-3): "damaged" as <see cref="DamageSiteCounts.Damaged"/> counts it.</summary>
    public static bool IsDamaged(int cls) => cls is >= 1 and <= 3;

    /// <summary>The sites of a read layer; a problem names the feature and the property when a date or class cannot be read.</summary>
    public static Outcome<IReadOnlyList<DamageSite>> Read(IReadOnlyList<(int Index, IFeature Feature)> features, string path)
    {
        ArgumentNullException.ThrowIfNull(features);
        var sites = new List<DamageSite>(features.Count);
        foreach (var (index, feature) in features)
        {
            var classes = new List<(DateOnly, int)>();
            var names = feature.Attributes.GetNames();
            foreach (string name in names)
            {
                var perDate = PerDateColumn().Match(name);
                if (perDate.Success)
                {
                    if (!DateOnly.TryParseExact(perDate.Groups[1].Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        return Outcome<IReadOnlyList<DamageSite>>.Failure("unosat.date", $"{path}: feature {index}: property '{name}' does not name a real date (cls_YYYYMMDD).");
                    }

                    if (!TryClass(feature.Attributes[name], out int? cls))
                    {
                        return Outcome<IReadOnlyList<DamageSite>>.Failure("unosat.class", $"{path}: feature {index}: property '{name}' is '{feature.Attributes[name]}'; expected a UNOSAT damage class (a whole number) or nothing.");
                    }

                    if (cls is int c)
                    {
                        classes.Add((date, c));
                    }

                    continue;
                }

                var wide = WideDateColumn().Match(name);
                if (!wide.Success)
                {
                    continue;
                }

                string suffix = wide.Groups[1].Value;
                string classColumn = "Main_Damage_Site_Class" + suffix;
                if (feature.Attributes[name] is null or "")
                {
                    continue;
                }

                if (!TryDate(feature.Attributes[name], out var sensed))
                {
                    return Outcome<IReadOnlyList<DamageSite>>.Failure("unosat.date", $"{path}: feature {index}: property '{name}' is '{feature.Attributes[name]}'; expected a date (YYYY-MM-DD, YYYY/MM/DD or milliseconds since 1970).");
                }

                if (!feature.Attributes.Exists(classColumn) || !TryClass(feature.Attributes[classColumn], out int? wideClass))
                {
                    return Outcome<IReadOnlyList<DamageSite>>.Failure("unosat.class", $"{path}: feature {index}: '{name}' has a date but '{classColumn}' holds no UNOSAT damage class.");
                }

                if (wideClass is int w)
                {
                    classes.Add((sensed, w));
                }
            }

            if (feature.Geometry is null || feature.Geometry.IsEmpty)
            {
                return Outcome<IReadOnlyList<DamageSite>>.Failure("unosat.geometry", $"{path}: feature {index} has no location.");
            }

            sites.Add(new DamageSite(index, feature.Geometry, [.. classes.OrderBy(c => c.Item1)]));
        }

        if (!sites.Any(s => s.Classes.Count > 0))
        {
            return Outcome<IReadOnlyList<DamageSite>>.Failure("unosat.layout", $"{path}: no damage class on any date; expected cls_YYYYMMDD properties, or SensorDate and Main_Damage_Site_Class (with _2, _3... for later dates).");
        }

        return sites;
    }

    /// <summary>
    /// Sites per area (by the area holding the site; areas in the sites' CRS) and date, by class, each site as it
    /// stood on the date (<see cref="DamageSite.On"/>). Sites in no area are counted under the code "outside" so that
    /// nothing goes missing. Dates are <paramref name="dates"/>, by default every date any site was read.
    /// </summary>
    public static IReadOnlyList<DamageSiteCounts> Count(IReadOnlyList<DamageSite> sites, IReadOnlyList<AssessmentArea> areas, IReadOnlyList<DateOnly>? dates = null)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(areas);
        return Count(sites, AreasOf(sites, areas), areas, dates ?? ReadingDates(sites));
    }

    /// <summary>Every date on which any of the sites was read, in order.</summary>
    public static IReadOnlyList<DateOnly> ReadingDates(IEnumerable<DamageSite> sites) => [.. sites.SelectMany(s => s.Classes.Select(c => c.Date)).Distinct().Order()];

    /// <summary>The index in <paramref name="areas"/> of the area holding each site, or -1 for a site in none.</summary>
    public static int[] AreasOf(IReadOnlyList<DamageSite> sites, IReadOnlyList<AssessmentArea> areas)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(areas);
        var index = new PolygonIndex<int>(areas.Select((a, i) => (i, a.Shape)));
        return [.. sites.Select(s =>
        {
            var p = s.Location.InteriorPoint;
            return index.TryLocate(p.X, p.Y, out int a) ? a : -1;
        })];
    }

    /// <summary><see cref="Count(IReadOnlyList{DamageSite}, IReadOnlyList{AssessmentArea}, IReadOnlyList{DateOnly}?)"/> with each site's area already found (<see cref="AreasOf"/>).</summary>
    public static IReadOnlyList<DamageSiteCounts> Count(IReadOnlyList<DamageSite> sites, int[] areaOf, IReadOnlyList<AssessmentArea> areas, IReadOnlyList<DateOnly> dates)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(areaOf);
        ArgumentNullException.ThrowIfNull(areas);
        ArgumentNullException.ThrowIfNull(dates);
        // One pass over the sites per date: per (date, area), the number seen damaged by then and the count in each class.
        var tallies = new SortedDictionary<(DateOnly Date, int Area), int[]>();
        foreach (var date in dates.Distinct().Order())
        {
            for (int i = 0; i < sites.Count; i++)
            {
                if (sites[i].On(date) is not (_, int cls))
                {
                    continue;
                }

                if (!tallies.TryGetValue((date, areaOf[i]), out var tally))
                {
                    tallies[(date, areaOf[i])] = tally = new int[6];
                }

                tally[0]++;
                tally[cls is >= 1 and <= 4 ? cls : 5]++;
            }
        }

        // An area where no site had been seen by a date has no row for it: a layer of damaged sites does not say
        // which ground its analysts covered, so it cannot say that an area without sites was undamaged.
        var rows = new List<DamageSiteCounts>(tallies.Count);
        foreach (var ((date, a), t) in tallies)
        {
            rows.Add(new DamageSiteCounts(a < 0 ? "outside" : areas[a].Code, a < 0 ? "outside the areas" : areas[a].Name, date, t[0], t[1], t[2], t[3], t[4], t[5]));
        }

        return rows;
    }

    private static bool TryClass(object? value, out int? cls)
    {
        cls = null;
        switch (value)
        {
            case null:
                return true;
            case string s when string.IsNullOrWhiteSpace(s) || s.Equals("None", StringComparison.OrdinalIgnoreCase) || s.Equals("null", StringComparison.OrdinalIgnoreCase):
                return true;
            case string s when int.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n):
                cls = n;
                return true;
            case long l when l is >= 0 and <= 100:
                cls = (int)l;
                return true;
            case int i when i is >= 0 and <= 100:
                cls = i;
                return true;
            case double d when d == Math.Floor(d) && d is >= 0 and <= 100:
                cls = (int)d;
                return true;
            default:
                return false;
        }
    }

    private static bool TryDate(object? value, out DateOnly date)
    {
        date = default;
        switch (value)
        {
            case long ms:
                date = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime);
                return true;
            case double ms when double.IsFinite(ms):
                date = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds((long)ms).UtcDateTime);
                return true;
            case string s:
                string text = s.Trim();
                text = text.Length >= 10 ? text[..10] : text;
                return DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/MM/dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
            default:
                return false;
        }
    }

    [GeneratedRegex("^cls_([0-9]{8})$", RegexOptions.IgnoreCase)]
    private static partial Regex PerDateColumn();

    [GeneratedRegex("^SensorDate(_[0-9]+)?$", RegexOptions.IgnoreCase)]
    private static partial Regex WideDateColumn();
}
