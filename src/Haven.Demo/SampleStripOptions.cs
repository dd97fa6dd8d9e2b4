namespace Haven.Demo;

/// <summary>
/// Settings of the synthetic "Sample Strip" scenario. Defaults give a 5 km x 12 km coastal strip in
/// UTM zone 36N with about 150 blocks and 20,000 to 40,000 buildings.
/// </summary>
public sealed record SampleStripOptions
{
    public ulong Seed { get; init; } = 1;

    /// <summary>UTM 36N easting and northing of the south-west corner. The default lies off any real coast.</summary>
    public double OriginEasting { get; init; } = 580_000;

    public double OriginNorthing { get; init; } = 3_460_000;

    public double WidthMetres { get; init; } = 5_000;

    public double HeightMetres { get; init; } = 12_000;

    /// <summary>Edge of the square block grid; 600 m gives about 150 blocks on the default strip.</summary>
    public double BlockSizeMetres { get; init; } = 600;

    /// <summary>Radar pixel size; Sentinel-1 IW GRD products are delivered at 10 m.</summary>
    public double PixelSizeMetres { get; init; } = 10;

    /// <summary>First pre-event acquisition; Sentinel-1 revisits one orbit every 12 days.</summary>
    public DateOnly FirstAcquisition { get; init; } = new(2023, 4, 30);

    public int PreEventAcquisitions { get; init; } = 14;

    public int PostEventAcquisitions { get; init; } = 3;

    public int RevisitDays { get; init; } = 12;

    public DateOnly EventDate { get; init; } = new(2023, 10, 7);

    public int Orbit { get; init; } = 87;

    /// <summary>
    /// How hard the damage event hits each district, north to south: a base chance per building and a number of
    /// strike areas. Null gives the default event (north hardest); tests vary it to get very different damage rates.
    /// </summary>
    public IReadOnlyList<DistrictDamage>? Damage { get; init; }

    /// <summary>Acquisition dates: the pre-event ones on the revisit cycle, then the post-event ones after the event.</summary>
    public IReadOnlyList<DateOnly> AcquisitionDates()
    {
        var dates = new List<DateOnly>();
        var date = FirstAcquisition;
        while (dates.Count < PreEventAcquisitions && date < EventDate)
        {
            dates.Add(date);
            date = date.AddDays(RevisitDays);
        }

        while (date <= EventDate)
        {
            date = date.AddDays(RevisitDays);
        }

        for (int i = 0; i < PostEventAcquisitions; i++)
        {
            dates.Add(date);
            date = date.AddDays(RevisitDays);
        }

        return dates;
    }
}

/// <summary>A district's share of a damage event: each building's base chance of destruction, and how many strike areas fall in it.</summary>
public sealed record DistrictDamage(double BaseProbability, int StrikeAreas);
