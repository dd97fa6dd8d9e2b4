namespace Haven.Planning.Capacity;

/// <summary>Which Sphere latrine ratio applies: 1 per 50 people in the first phase of a response, 1 per 20 later.</summary>
public enum ResponsePhase
{
    First,
    Later,
}

/// <summary>
/// The minimum standards Haven checks against, each an option. Defaults and their sources are in
/// docs/methods/planning.md (The Sphere Handbook, 2018 edition, unless stated).
/// </summary>
public sealed record SphereStandards
{
    /// <summary>Site area per person including household plots (Shelter and settlement standard 2). 45 m2.</summary>
    public double SiteM2PerPerson { get; init; } = 45;

    /// <summary>Site area per person without household plots, where communal services are provided elsewhere. 30 m2.</summary>
    public double SiteM2PerPersonWithoutPlots { get; init; } = 30;

    /// <summary>Covered living space per person (Shelter and settlement standard 3). 3.5 m2.</summary>
    public double CoveredM2PerPerson { get; init; } = 3.5;

    /// <summary>Water for drinking, cooking and hygiene (WASH water supply standard 2.1). 15 litres per person per day.</summary>
    public double WaterLitresPerPersonPerDay { get; init; } = 15;

    /// <summary>People per tap (WASH water supply standard 2.1). 250.</summary>
    public int PeoplePerTap { get; init; } = 250;

    /// <summary>People per latrine in the first phase (WASH excreta management standard 3.2, communal). 50.</summary>
    public int PeoplePerLatrineFirstPhase { get; init; } = 50;

    /// <summary>People per latrine later on (standard 3.2, medium and long term). 20.</summary>
    public int PeoplePerLatrineLater { get; init; } = 20;

    /// <summary>Farthest a dwelling should be from a water point (WASH water supply standard 2.1). 500 m.</summary>
    public double MaxDistanceToWaterM { get; init; } = 500;

    /// <summary>Energy per person per day (Food security and nutrition, food assistance standard 6.1). 2,100 kcal.</summary>
    public double KcalPerPersonPerDay { get; init; } = 2100;

    /// <summary>People per household, to turn intact dwellings into people housed. 5.5 for Gaza (PCBS).</summary>
    public double HouseholdSize { get; init; } = 5.5;

    /// <summary>Dwellings per intact structure. 1: one household per building, a floor for multi-storey stock.</summary>
    public double HouseholdsPerStructure { get; init; } = 1;

    /// <summary>Storeys counted as covered living space per intact structure. 1: ground floor only, a floor.</summary>
    public double CoveredStoreys { get; init; } = 1;

    public ResponsePhase Phase { get; init; } = ResponsePhase.First;

    public int PeoplePerLatrine => Phase == ResponsePhase.First ? PeoplePerLatrineFirstPhase : PeoplePerLatrineLater;

    public static SphereStandards Default { get; } = new();

    /// <summary>The first standard out of range, named with what is expected; null when all are fine.</summary>
    public string? Validate()
    {
        var positive = new (string Name, double Value)[]
        {
            (nameof(SiteM2PerPerson), SiteM2PerPerson), (nameof(SiteM2PerPersonWithoutPlots), SiteM2PerPersonWithoutPlots),
            (nameof(CoveredM2PerPerson), CoveredM2PerPerson), (nameof(WaterLitresPerPersonPerDay), WaterLitresPerPersonPerDay),
            (nameof(PeoplePerTap), PeoplePerTap), (nameof(PeoplePerLatrineFirstPhase), PeoplePerLatrineFirstPhase),
            (nameof(PeoplePerLatrineLater), PeoplePerLatrineLater), (nameof(MaxDistanceToWaterM), MaxDistanceToWaterM),
            (nameof(KcalPerPersonPerDay), KcalPerPersonPerDay), (nameof(HouseholdSize), HouseholdSize),
            (nameof(HouseholdsPerStructure), HouseholdsPerStructure), (nameof(CoveredStoreys), CoveredStoreys),
        };
        foreach (var (name, value) in positive)
        {
            if (!(value > 0 && double.IsFinite(value)))
            {
                return $"{name} must be a positive number (is {value}).";
            }
        }

        return Enum.IsDefined(Phase) ? null : $"Phase must be First or Later (is {(int)Phase}).";
    }
}
