using Haven.Protection.Sites;

namespace Haven.Protection.Lookup;

/// <summary>An administrative area a place lies in.</summary>
public sealed record AreaRef(string Pcode, string NameEn, string NameAr, int Level);

/// <summary>A protected zone the place is in, or the nearest one, with the date its version took effect.</summary>
public sealed record ZoneRef(string Id, string NameEn, string NameAr, string Kind, DateOnly Since, double DistanceMetres, double BearingDegrees);

/// <summary>The evacuation order a place's block is under, since when.</summary>
public sealed record OrderRef(string Id, DateOnly Since, DateTimeOffset IssuedAt, string StatusEn, string StatusAr)
{
    /// <summary>The edition of the block map the order names, when not the main one ("2025"); empty for the main map.</summary>
    public string Edition { get; init; } = "";

    /// <summary>The block of that edition the place lies in, when the order names another edition's blocks.</summary>
    public int? EditionBlock { get; init; }
}

/// <summary>The nearest site of a kind, with distance and direction from the place.</summary>
public sealed record SiteRef(string Id, SiteKind Kind, string NameEn, string NameAr, double DistanceMetres, double BearingDegrees)
{
    public string DirectionEn => Compass.En(BearingDegrees);

    public string DirectionAr => Compass.Ar(BearingDegrees);
}

/// <summary>
/// What a civilian needs to know about a place on a date: its block and areas, whether it is in a protected
/// zone or under an evacuation order (since when, by which order), the nearest health facility, water point
/// and shelter, and the nearest protected zone when outside all of them.
/// </summary>
public sealed record LookupAnswer(
    double Longitude,
    double Latitude,
    DateOnly AsOf,
    int? Block,
    IReadOnlyList<AreaRef> Areas,
    ZoneRef? InZone,
    OrderRef? UnderOrder,
    SiteRef? NearestHealth,
    SiteRef? NearestWater,
    SiteRef? NearestShelter,
    ZoneRef? NearestZone,
    PlaceRef? NearPlace = null)
{
    /// <summary>
    /// Whether Haven's data covers the place: <see cref="LookupCoverage.Inside"/> (a numbered block),
    /// <see cref="LookupCoverage.OutsideBlocks"/> or <see cref="LookupCoverage.Outside"/>. Only inside is "no
    /// evacuation order" an answer; elsewhere whether an order applies is not known.
    /// </summary>
    public string Coverage { get; init; } = LookupCoverage.Inside;

    /// <summary>False when no evacuation order is recorded at all: then "no order" would only say the data lacks them.</summary>
    public bool OrdersRecorded { get; init; } = true;

    /// <summary>For a point outside the data: the same numbers read the other way round, when that point lies inside it.</summary>
    public PointRef? Swapped { get; init; }

    /// <summary>Whether "no evacuation order" may be said of this place: inside a block, with orders on record.</summary>
    public bool OrderKnown => Coverage == LookupCoverage.Inside && OrdersRecorded;
}

/// <summary>How a place stands against what Haven's data covers (<see cref="LookupAnswer.Coverage"/>).</summary>
public static class LookupCoverage
{
    /// <summary>Inside a numbered block: whether an order applies is known from the data.</summary>
    public const string Inside = "inside";

    /// <summary>Inside an area Haven holds but outside every numbered block: whether an order applies is not known.</summary>
    public const string OutsideBlocks = "outside_blocks";

    /// <summary>Outside every area and block Haven holds: Haven knows nothing of the place.</summary>
    public const string Outside = "outside";
}

/// <summary>
/// A place a name search found: the name that matched, the place's names in both languages, its kind (governorate,
/// municipality, hospital, school, zone, place...), the area it lies in and where it is; <see cref="Rank"/> 0 for
/// the same name, 1 for a close spelling, 2 for a name containing the query.
/// </summary>
public sealed record PlaceMatch(string NameEn, string NameAr, string Kind, AreaRef? Area, double Longitude, double Latitude)
{
    public string Name { get; init; } = NameEn;

    public int Rank { get; init; }
}

/// <summary>A point as latitude and longitude.</summary>
public sealed record PointRef(double Latitude, double Longitude);

/// <summary>The nearest named place (town, neighbourhood), so an answer can say "near al-Maghazi" rather than give coordinates.</summary>
public sealed record PlaceRef(string NameEn, string NameAr, double DistanceMetres, double BearingDegrees);

/// <summary>Where a place stands on a date, without the nearest sites: block, areas, zone and order.</summary>
public sealed record PlaceStatus(int? Block, IReadOnlyList<AreaRef> Areas, ZoneRef? InZone, OrderRef? UnderOrder);
