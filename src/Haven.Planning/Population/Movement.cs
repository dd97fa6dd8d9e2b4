namespace Haven.Planning.Population;

/// <summary>
/// People who moved from one area to another on a date. <paramref name="Origin"/> names the area they call
/// home when the source says so (people going back home, say); otherwise they are taken from everyone present in
/// <paramref name="From"/>, in proportion to where those people come from.
/// </summary>
public sealed record Movement(string From, string To, DateOnly Date, int People, string Source, string? Origin = null, int Line = 0);
