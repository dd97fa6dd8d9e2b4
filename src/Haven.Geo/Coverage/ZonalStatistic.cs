using System.Globalization;

namespace Haven.Geo.Coverage;

/// <summary>
/// One statistic by exactextract's name and meaning (https://isciences.github.io/exactextract/operations.html),
/// where every cell counts by the fraction c of it the polygon covers and cells without a value are left out:
/// <list type="bullet">
/// <item><c>count</c>: Σc; <c>sum</c>: Σcx; <c>mean</c>: Σcx / Σc;</item>
/// <item><c>min</c>, <c>max</c>: over cells with c &gt; 0;</item>
/// <item><c>majority</c>, <c>minority</c>: the value with the greatest (least) Σc; ties go to the greater (smaller) value;</item>
/// <item><c>variety</c>: distinct values; <c>frac</c>: each value's share of Σc (a column per value);</item>
/// <item><c>median</c>, <c>quantile(q=0.25)</c>: coverage-weighted quantiles, interpolated between sorted values
/// (the weighted generalisation of the usual "linear" definition, as exactextract computes them);</item>
/// <item><c>stdev</c>, <c>variance</c>: coverage-weighted population spread;</item>
/// <item><c>weighted_mean</c>, <c>weighted_sum</c>: with a weights raster w, Σcwx / Σcw and Σcwx (undefined when any weight is);</item>
/// <item><c>cell_id</c>, <c>coverage</c>, <c>values</c>: each covered cell's id (row × width + column), fraction and value.</item>
/// </list>
/// <c>touched_count</c> and <c>touched_mean</c> keep the plain count and mean of touched cells, each counted whole.
/// </summary>
public sealed record ZonalStatistic(string Name, double? Q = null)
{
    /// <summary>Every statistic's name, as <c>--stats</c> takes them.</summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "count", "sum", "mean", "min", "max", "minority", "majority", "variety", "median", "quantile", "stdev", "variance",
        "frac", "weighted_mean", "weighted_sum", "cell_id", "coverage", "values", "touched_count", "touched_mean",
    ];

    private static readonly Dictionary<string, string> Renamed = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["coverage_mean"] = "it is now 'mean', the coverage-weighted mean as in exactextract",
        ["mode"] = "use 'majority'",
    };

    /// <summary>True when the statistic needs every covered cell kept, not running sums.</summary>
    public bool NeedsCells => Name is "minority" or "majority" or "variety" or "median" or "quantile" or "frac" or "cell_id" or "coverage" or "values";

    public bool NeedsWeights => Name is "weighted_mean" or "weighted_sum";

    /// <summary>The column a single raster's statistic is written to: its name, "quantile_25" for quantile(q=0.25).</summary>
    public string Column => Name == "quantile" ? string.Create(CultureInfo.InvariantCulture, $"quantile_{Q!.Value * 100:0.###}") : Name;

    /// <summary>A statistic from text: a name, or "quantile(q=0.75)"; a problem naming what was expected otherwise.</summary>
    public static Outcome<ZonalStatistic> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string s = text.Trim();
        int open = s.IndexOf('(', StringComparison.Ordinal);
        string name = open < 0 ? s : s[..open].Trim();
        if (Renamed.TryGetValue(name, out string? hint))
        {
            return Outcome<ZonalStatistic>.Failure("zonal.stat", $"statistic '{name}': {hint}.");
        }

        if (!Names.Contains(name))
        {
            return Outcome<ZonalStatistic>.Failure("zonal.stat", $"unknown statistic '{name}'; expected one of {string.Join(", ", Names)}.");
        }

        if (name != "quantile")
        {
            return open < 0 ? new ZonalStatistic(name)
                : Outcome<ZonalStatistic>.Failure("zonal.stat", $"statistic '{s}': {name} takes no arguments.");
        }

        const string Usage = "expected quantile(q=0.75), q from 0 to 1";
        if (open < 0 || !s.EndsWith(')'))
        {
            return Outcome<ZonalStatistic>.Failure("zonal.stat", $"statistic '{s}': {Usage}.");
        }

        string argument = s[(open + 1)..^1].Trim();
        if (argument.StartsWith("q=", StringComparison.Ordinal))
        {
            argument = argument[2..];
        }

        return double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out double q) && q is >= 0 and <= 1
            ? new ZonalStatistic(name, q)
            : Outcome<ZonalStatistic>.Failure("zonal.stat", $"statistic '{s}': {Usage}.");
    }

    /// <summary>Statistics from a comma-separated list; commas inside parentheses belong to the statistic.</summary>
    public static Outcome<IReadOnlyList<ZonalStatistic>> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                if (text[start..i].Trim() is { Length: > 0 } part)
                {
                    parts.Add(part);
                }

                start = i + 1;
            }
            else if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')')
            {
                depth--;
            }
        }

        if (parts.Count == 0)
        {
            return Outcome<IReadOnlyList<ZonalStatistic>>.Failure("zonal.stat", $"no statistic given; expected some of {string.Join(", ", Names)}.");
        }

        var stats = new List<ZonalStatistic>();
        foreach (string part in parts)
        {
            var stat = Parse(part);
            if (!stat.Succeeded)
            {
                return stat.Problem!;
            }

            stats.Add(stat.Value);
        }

        return stats;
    }
}
