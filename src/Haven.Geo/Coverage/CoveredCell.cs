namespace Haven.Geo.Coverage;

/// <summary>A raster cell and the fraction of its area (0 to 1) that a polygon covers.</summary>
public readonly record struct CoveredCell(int Row, int Column, double Fraction);
