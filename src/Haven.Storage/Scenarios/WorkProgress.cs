namespace Haven.Storage.Scenarios;

/// <summary>Progress of long work: what is being done, and how far along it is (Done of Total units).</summary>
public readonly record struct WorkProgress(string Stage, int Done, int Total)
{
    public double Fraction => Total <= 0 ? 0 : (double)Done / Total;
}
