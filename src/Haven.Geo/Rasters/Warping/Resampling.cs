namespace Haven.Geo.Rasters.Warping;

/// <summary>How a target cell's value is drawn from the source cells around it (GDAL's meanings).</summary>
public enum Resampling
{
    /// <summary>Bilinear interpolation between the four source cells around the target cell's centre; missing neighbours are left out and the weights of the rest renormalised.</summary>
    Bilinear,

    /// <summary>The mean of the source cells under the target cell, each weighted by the area it shares with it; missing cells left out.</summary>
    Average,
}
