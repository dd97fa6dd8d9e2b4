using Haven.Damage.Filters;
using Haven.Damage.Stacks;
using Haven.Geo;
using Haven.Geo.Rasters;

namespace Haven.Damage.Pwtt;

/// <summary>One tile of a tiled run: the cells it answers for (<see cref="Core"/>) and the cells it reads (<see cref="Read"/>: the core and its halo, within the grid).</summary>
public sealed record PwttTile(int Index, int Column, int Row, RasterWindow Core, RasterWindow Read)
{
    /// <summary>Copies this tile's core map (<see cref="Core"/>'s cells, row by row) into its place in the whole grid's map.</summary>
    public void Place(ReadOnlySpan<float> core, Span<float> whole, int gridWidth)
    {
        for (int y = 0; y < Core.Height; y++)
        {
            core.Slice(y * Core.Width, Core.Width).CopyTo(whole[(((Core.Row + y) * gridWidth) + Core.Column)..]);
        }
    }
}

/// <summary>
/// PWTT cut into tiles, so that an area larger than one machine holds can be run a tile at a time (or a tile per
/// worker). A cell's T depends on the images within a reach of it: the Lee window's half, then the focal
/// median's radius, then the widest circular mean's. Each tile reads its core with a halo of that reach, runs as
/// a whole run would on that window, and keeps its core: every cell is computed from the same inputs as in a
/// single run, seams included, so the maps agree with it to float rounding.
/// </summary>
public static class PwttTiles
{
    /// <summary>The halo, in cells, that makes a tile's core exact: Lee half-window + median radius + largest circular-mean radius.</summary>
    public static int Halo(PwttOptions options, double pixelSize)
    {
        ArgumentNullException.ThrowIfNull(options);
        return (options.LeeWindow / 2) + CircularKernel.FromMetres(options.MedianRadiusMetres, pixelSize).Radius
            + options.ConvolutionRadiiMetres.Select(r => CircularKernel.FromMetres(r, pixelSize).Radius).DefaultIfEmpty(0).Max();
    }

    /// <summary>The tiles of <paramref name="tileSize"/> cells a side (smaller at the right and bottom edges) covering the grid, row by row.</summary>
    public static IReadOnlyList<PwttTile> Plan(RasterGrid grid, int tileSize, int halo)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tileSize);
        ArgumentOutOfRangeException.ThrowIfNegative(halo);
        var tiles = new List<PwttTile>();
        for (int row = 0, y = 0; y < grid.Height; row++, y += tileSize)
        {
            for (int column = 0, x = 0; x < grid.Width; column++, x += tileSize)
            {
                var core = new RasterWindow(x, y, Math.Min(tileSize, grid.Width - x), Math.Min(tileSize, grid.Height - y));
                int x0 = Math.Max(0, x - halo), y0 = Math.Max(0, y - halo);
                int x1 = Math.Min(grid.Width, core.Column + core.Width + halo), y1 = Math.Min(grid.Height, core.Row + core.Height + halo);
                tiles.Add(new PwttTile(tiles.Count, column, row, core, new RasterWindow(x0, y0, x1 - x0, y1 - y0)));
            }
        }

        return tiles;
    }

    /// <summary>One tile's maps, cut to its core: what a worker computes and stores for its tile.</summary>
    public static Outcome<ChangeMaps> RunTile(ImageStack stack, PwttTile tile, DateOnly eventDate, IReadOnlyList<DateOnly> inferenceDates, PwttOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(tile);
        var run = PwttEngine.Run(stack.Window(tile.Read), eventDate, inferenceDates, options);
        if (!run.Succeeded)
        {
            return run.Problem!;
        }

        var r = run.Value;
        int dx = tile.Core.Column - tile.Read.Column, dy = tile.Core.Row - tile.Read.Row;
        var grid = stack.Grid.Window(tile.Core);
        var maps = r.Maps.Select(m =>
        {
            var core = new float[tile.Core.Width * tile.Core.Height];
            for (int y = 0; y < tile.Core.Height; y++)
            {
                m.T.Data.AsSpan(((y + dy) * tile.Read.Width) + dx, tile.Core.Width).CopyTo(core.AsSpan(y * tile.Core.Width));
            }

            return new ChangeMap(m.Inference, new Raster<float>(grid, core, float.NaN));
        }).ToList();
        return r with { Grid = grid, Maps = maps };
    }

    /// <summary>The whole grid run tile by tile, the cores put together: the same maps as <see cref="PwttEngine.Run"/>, in the memory of one tile at a time (plus the maps).</summary>
    public static Outcome<ChangeMaps> Run(ImageStack stack, DateOnly eventDate, IReadOnlyList<DateOnly> inferenceDates, int tileSize, PwttOptions? options = null,
        IProgress<WorkProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(inferenceDates);
        options ??= PwttOptions.Default;
        var grid = stack.Grid;
        var tiles = Plan(grid, tileSize, Halo(options, grid.Transform.PixelWidth));
        var whole = inferenceDates.Select(_ => new float[grid.CellCount]).ToArray();
        ChangeMaps? first = null;
        var seconds = new Dictionary<string, double>(StringComparer.Ordinal);
        long samples = 0, decoded = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var tile in tiles)
        {
            progress?.Report(new WorkProgress("tiles", tile.Index, tiles.Count) { Tiles = TileProgress.Estimate(tiles.Count, tile.Index, 1, 0, 0, 0, clock.Elapsed) });
            var run = RunTile(stack, tile, eventDate, inferenceDates, options);
            if (!run.Succeeded)
            {
                return Outcome<ChangeMaps>.Failure(run.Problem!.Code, $"tile {tile.Index} (column {tile.Column}, row {tile.Row}): {run.Problem.Message}");
            }

            first ??= run.Value;
            for (int i = 0; i < whole.Length; i++)
            {
                tile.Place(run.Value.Maps[i].T.Data, whole[i], grid.Width);
            }

            foreach (var (stage, s) in run.Value.StageSeconds)
            {
                seconds[stage] = seconds.GetValueOrDefault(stage) + s;
            }

            samples += run.Value.PixelSamples;
            decoded += run.Value.BlocksDecoded;
        }

        progress?.Report(new WorkProgress("tiles", tiles.Count, tiles.Count) { Tiles = TileProgress.Estimate(tiles.Count, tiles.Count, 0, 0, 0, 0, clock.Elapsed) });
        var maps = inferenceDates.Select((d, i) => new ChangeMap(d, new Raster<float>(grid, whole[i], float.NaN))).ToList();
        return new ChangeMaps(grid, maps, first!.Windows, first.Warnings, seconds, samples) { BlocksDecoded = decoded };
    }
}
