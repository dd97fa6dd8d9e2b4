namespace Haven.Planning.Population;

/// <summary>
/// Population records per area, answering "as of a date" with the latest record on or before it.
/// Built once, read-only, thread-safe.
/// </summary>
public sealed class PopulationSeries
{
    private readonly Dictionary<string, PopulationRecord[]> _byArea;

    public PopulationSeries(IEnumerable<PopulationRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        _byArea = records
            .GroupBy(r => r.AreaPcode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(r => r.Date).ToArray(), StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Areas => _byArea.Keys;

    /// <summary>The latest record for an area on or before the date; null when none is that old.</summary>
    public PopulationRecord? AsOf(string areaPcode, DateOnly date)
    {
        if (!_byArea.TryGetValue(areaPcode, out var records))
        {
            return null;
        }

        PopulationRecord? best = null;
        foreach (var r in records)
        {
            if (r.Date > date)
            {
                break;
            }

            best = r;
        }

        return best;
    }

    /// <summary>People per square kilometre of an area as of a date, or null without a record.</summary>
    public double? DensityPerKm2(string areaPcode, DateOnly date, double areaM2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(areaM2);
        return AsOf(areaPcode, date) is { } r ? r.Total / (areaM2 / 1e6) : null;
    }
}
