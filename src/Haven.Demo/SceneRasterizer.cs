using Haven.Damage.Simulation;
using Haven.Geo.Rasters;
using NetTopologySuite.Geometries;

namespace Haven.Demo;

/// <summary>
/// Turns the strip's coast and rectangular footprints into per-pixel land-cover fractions for the radar
/// simulator. Footprints are axis-aligned rectangles, so each cell's share is the exact rectangle overlap;
/// the sea share is sampled on a 4 x 4 sub-grid of each cell.
/// </summary>
internal static class SceneRasterizer
{
    private const double DebrisReach = 15;

    public static SceneFractions Rasterize(StripGeography geo, RasterGrid grid, IReadOnlyList<LocalBuilding> buildings, IReadOnlySet<long> destroyed)
    {
        var o = geo.Options;
        var scene = new SceneFractions(grid);
        double cell = grid.Transform.PixelWidth;
        for (int row = 0; row < grid.Height; row++)
        {
            for (int col = 0; col < grid.Width; col++)
            {
                int sea = 0;
                for (int sy = 0; sy < 4; sy++)
                {
                    double y = o.HeightMetres - (row + (sy + 0.5) / 4) * cell;
                    double coast = geo.CoastX(y);
                    for (int sx = 0; sx < 4; sx++)
                    {
                        if ((col + (sx + 0.5) / 4) * cell < coast)
                        {
                            sea++;
                        }
                    }
                }

                scene.Sea[row * grid.Width + col] = sea / 16f;
            }
        }

        foreach (var b in buildings)
        {
            bool isDestroyed = destroyed.Contains(b.Id);
            Accumulate(isDestroyed ? scene.Destroyed : scene.Built, b.Rect, grid, o, 1);
            if (isDestroyed)
            {
                var halo = new Envelope(b.Rect.MinX - DebrisReach, b.Rect.MaxX + DebrisReach, b.Rect.MinY - DebrisReach, b.Rect.MaxY + DebrisReach);
                Accumulate(scene.Debris, halo, grid, o, 1);
                Accumulate(scene.Debris, b.Rect, grid, o, -1);
            }
        }

        for (int i = 0; i < scene.Debris.Length; i++)
        {
            scene.Debris[i] = Math.Clamp(scene.Debris[i], 0, scene.Open(i));
        }

        return scene;
    }

    /// <summary>Adds sign x (overlap area / cell area) of a local rectangle to every cell it touches.</summary>
    private static void Accumulate(float[] target, Envelope rect, RasterGrid grid, SampleStripOptions o, int sign)
    {
        double cell = grid.Transform.PixelWidth;
        double cellArea = cell * cell;
        int c0 = Math.Max(0, (int)Math.Floor(rect.MinX / cell));
        int c1 = Math.Min(grid.Width - 1, (int)Math.Floor(rect.MaxX / cell));
        int r0 = Math.Max(0, (int)Math.Floor((o.HeightMetres - rect.MaxY) / cell));
        int r1 = Math.Min(grid.Height - 1, (int)Math.Floor((o.HeightMetres - rect.MinY) / cell));
        for (int row = r0; row <= r1; row++)
        {
            double top = o.HeightMetres - row * cell;
            double dy = Math.Min(top, rect.MaxY) - Math.Max(top - cell, rect.MinY);
            if (dy <= 0)
            {
                continue;
            }

            for (int col = c0; col <= c1; col++)
            {
                double left = col * cell;
                double dx = Math.Min(left + cell, rect.MaxX) - Math.Max(left, rect.MinX);
                if (dx > 0)
                {
                    target[row * grid.Width + col] += (float)(sign * dx * dy / cellArea);
                }
            }
        }
    }
}
