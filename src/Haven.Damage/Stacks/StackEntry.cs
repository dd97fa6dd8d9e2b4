namespace Haven.Damage.Stacks;

/// <summary>One row of an image stack manifest: a co-registered GeoTIFF, its acquisition and how its cells hold backscatter.</summary>
public sealed record StackEntry(string Path, DateOnly Date, int Orbit, Polarisation Polarisation, RadarScale Scale = RadarScale.Linear);
