namespace Haven.Planning.Population;

/// <summary>People present in an area on a date: residents, and displaced people (IDPs) sheltering there.</summary>
public sealed record PopulationRecord(string AreaPcode, DateOnly Date, int Residents, int Displaced, string Source)
{
    public int Total => Residents + Displaced;
}
