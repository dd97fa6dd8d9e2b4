namespace Haven.Damage.Stacks;

/// <summary>One row of an image stack manifest: a co-registered GeoTIFF and its acquisition.</summary>
public sealed record StackEntry(string Path, DateOnly Date, int Orbit, Polarisation Polarisation);
