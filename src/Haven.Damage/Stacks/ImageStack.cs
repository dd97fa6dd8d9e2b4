using Haven.Geo;
using Haven.Geo.GeoTiff;
using Haven.Geo.Rasters;

namespace Haven.Damage.Stacks;

/// <summary>
/// A validated image stack: the manifest's entries, every file present, readable and on one grid.
/// Readers are opened per thread with <see cref="OpenReader()"/>; the stack itself is immutable.
/// </summary>
public sealed class ImageStack
{
    private ImageStack(string manifest, IReadOnlyList<StackEntry> entries, IReadOnlyList<string> paths, RasterGrid grid, IReadOnlyList<double?> noData, int blockHeight,
        IReadOnlyList<GeoTiffLayout> layouts, RasterWindow? within = null)
    {
        Layouts = layouts;
        Within = within;
        BlockHeight = blockHeight;
        Manifest = manifest;
        Entries = entries;
        Paths = paths;
        Grid = grid;
        NoData = noData;
    }

    public string Manifest { get; }

    public IReadOnlyList<StackEntry> Entries { get; }

    /// <summary>Full paths of the images, in manifest order.</summary>
    public IReadOnlyList<string> Paths { get; }

    public RasterGrid Grid { get; }

    public IReadOnlyList<double?> NoData { get; }

    /// <summary>Rows of the first image's strips or tiles: reading in multiples of it decodes each block once.</summary>
    public int BlockHeight { get; }

    /// <summary>Where each image's blocks lie, read when the stack was opened: readers open the images again from these.</summary>
    internal IReadOnlyList<GeoTiffLayout> Layouts { get; }

    /// <summary>For a stack that is a window of its images (one tile of a tiled run), where the window lies in them; null for the whole images.</summary>
    public RasterWindow? Within { get; }

    /// <summary>The same stack seen through a window of its grid: reads are made in the window, and its grid is the window's.</summary>
    public ImageStack Window(RasterWindow window)
    {
        var whole = Within ?? new RasterWindow(0, 0, Grid.Width, Grid.Height);
        if (window.Column < 0 || window.Row < 0 || window.Width <= 0 || window.Height <= 0 || window.Column + window.Width > Grid.Width || window.Row + window.Height > Grid.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(window), $"The window {window} does not lie within the {Grid.Width} x {Grid.Height} grid.");
        }

        var inImages = new RasterWindow(whole.Column + window.Column, whole.Row + window.Row, window.Width, window.Height);
        return new ImageStack(Manifest, Entries, Paths, Grid.Window(window), NoData, BlockHeight, Layouts, inImages);
    }

    /// <summary>Reads and checks a manifest: every file must exist, hold one real band, and share the first file's grid.</summary>
    public static Outcome<ImageStack> Open(string manifestPath) => Open(manifestPath, complex: false);

    /// <summary>
    /// Reads and checks a manifest of intensity images (<paramref name="complex"/> false, for PWTT) or of
    /// co-registered single-look complex images (true, for coherent change detection).
    /// </summary>
    /// <param name="manifestPath">The CSV manifest.</param>
    /// <param name="complex">True for single-look complex images (CCD), false for intensities (PWTT).</param>
    /// <param name="confineTo">When set, every image must be a relative path whose real file (links followed) lies inside this folder; a server sets it.</param>
    public static Outcome<ImageStack> Open(string manifestPath, bool complex, string? confineTo = null)
    {
        if (!File.Exists(manifestPath))
        {
            return Outcome<ImageStack>.Failure("stack.not_found", $"{manifestPath}: manifest not found.");
        }

        var text = Haven.Geo.Text.TextFiles.ReadUtf8(manifestPath);
        if (!text.Succeeded)
        {
            return text.Problem!;
        }

        var entries = StackManifest.Parse(text.Value, manifestPath);
        if (!entries.Succeeded)
        {
            return entries.Problem!;
        }

        string folder = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var paths = new List<string>();
        var noData = new List<double?>();
        var layouts = new List<GeoTiffLayout>();
        RasterGrid? grid = null;
        string? first = null;
        int blockHeight = 1;
        foreach (var entry in entries.Value)
        {
            bool remote = Haven.Geo.IO.HttpRangeStream.IsUrl(entry.Path);
            if (remote && confineTo is not null)
            {
                // A server reads only its input folder: an address would let any analyst make it fetch from anywhere.
                return Outcome<ImageStack>.Failure("stack.outside", $"{manifestPath}: image {entry.Path} is an address; the server reads images only from its input folder (remote images are read by the command line).");
            }

            string path = remote ? entry.Path : Path.GetFullPath(Path.Combine(folder, entry.Path));
            if (confineTo is not null && (Path.IsPathRooted(entry.Path) || !Haven.Geo.IO.ConfinedPath.IsInside(confineTo, path)))
            {
                return Outcome<ImageStack>.Failure("stack.outside", $"{manifestPath}: image {entry.Path} is not inside the input folder; name images relative to the manifest, within the folder.");
            }

            var open = GeoTiffFile.Open(path);
            if (!open.Succeeded)
            {
                return Outcome<ImageStack>.Failure("stack.image", $"{manifestPath}: image {entry.Path} ({entry.Date:yyyy-MM-dd} {entry.Polarisation}): {open.Problem!.Message}");
            }

            using var file = open.Value;
            if (file.Info.DataType.IsComplex() != complex)
            {
                return Outcome<ImageStack>.Failure("stack.cell_type", complex
                    ? $"{path}: {file.Info.DataType} cells; coherent change detection needs complex (CFloat32) single-look images."
                    : $"{path}: complex cells; PWTT needs intensity (linear sigma0). Use --method ccd for single-look complex stacks.");
            }

            if (grid is null)
            {
                grid = file.Info.Grid;
                first = path;
                blockHeight = file.Info.BlockHeight;
            }
            else if (!grid.Matches(file.Info.Grid))
            {
                return Outcome<ImageStack>.Failure("stack.grid_mismatch",
                    $"{path} is on a different grid ({Describe(file.Info.Grid)}) from {first} ({Describe(grid)}); all images of a stack must be co-registered on one grid.");
            }

            paths.Add(path);
            noData.Add(file.Info.NoData);
            layouts.Add(file.Layout);
        }

        var t = grid!.Transform;
        if (!t.IsNorthUp || Math.Abs(t.PixelWidth + t.PixelHeight) > 1e-9 * t.PixelWidth)
        {
            return Outcome<ImageStack>.Failure("stack.grid", $"{first}: expected a north-up grid with square pixels, found {Describe(grid)}.");
        }

        return new ImageStack(manifestPath, entries.Value, paths, grid, noData, blockHeight, layouts);
    }

    /// <summary>A reader for one thread: each image opened once, windows read on demand.</summary>
    public StackReader OpenReader() => new(this, 1);

    /// <summary>
    /// Readers that keep <paramref name="blockRows"/> rows of decoded tiles per image, for a caller that reads
    /// bands of rows in order that are shorter than the tiles: each tile is then decoded once.
    /// </summary>
    public StackReader OpenReader(int blockRows) => new(this, blockRows);

    private static string Describe(RasterGrid g) => FormattableString.Invariant(
        $"{g.Width} x {g.Height}, origin ({g.Transform.OriginX}, {g.Transform.OriginY}), pixel {g.Transform.PixelWidth} x {g.Transform.PixelHeight}, EPSG:{g.Epsg}");
}

/// <summary>Open handles on every image of a stack, for one thread. Not thread-safe.</summary>
public sealed class StackReader : IDisposable
{
    private readonly ImageStack _stack;
    private readonly GeoTiffFile?[] _files;
    private readonly int _blockRows;

    internal StackReader(ImageStack stack, int blockRows)
    {
        _stack = stack;
        _files = new GeoTiffFile?[stack.Paths.Count];
        _blockRows = blockRows;
    }

    /// <summary>Blocks decoded so far over every image this reader opened.</summary>
    public long BlocksDecoded => _files.Sum(f => f?.BlocksDecoded ?? 0);

    /// <summary>A window of image <paramref name="index"/> as linear power; nodata, NaN and exact zeros become NaN (<see cref="RadarValues"/>).</summary>
    public Outcome<float[]> Read(int index, RasterWindow window)
    {
        var values = new float[window.CellCount];
        var problem = Read(index, window, values);
        return problem is null ? values : problem;
    }

    /// <summary>Reads a window into a caller's buffer (reused across images to spare the allocator), as linear power with nodata NaN.</summary>
    public Problem? Read(int index, RasterWindow window, float[] destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var file = Image(index);
        if (!file.Succeeded)
        {
            return file.Problem;
        }

        var inImage = _stack.Within is { } w ? window with { Column = window.Column + w.Column, Row = window.Row + w.Row } : window;
        var problem = file.Value.ReadWindow(1, inImage, destination);
        if (problem is null)
        {
            RadarValues.ToLinear(destination.AsSpan(0, window.CellCount), _stack.Entries[index].Scale, _stack.NoData[index]);
        }

        return problem;
    }

    /// <summary>Gives back image <paramref name="index"/>'s decoded blocks wholly above <paramref name="row"/> (see <see cref="GeoTiffFile.ReleaseRowsAbove"/>).</summary>
    public void ReleaseRowsAbove(int index, int row) =>
        _files[index]?.ReleaseRowsAbove(row + (_stack.Within?.Row ?? 0));

    /// <summary>A window of a complex image, for coherence.</summary>
    public Outcome<ComplexFloat[]> ReadComplex(int index, RasterWindow window)
    {
        var file = Image(index);
        var inImage = _stack.Within is { } w ? window with { Column = window.Column + w.Column, Row = window.Row + w.Row } : window;
        return file.Succeeded ? file.Value.ReadComplexWindow(1, inImage) : file.Problem!;
    }

    /// <summary>Image <paramref name="index"/>, opened on first use and kept open.</summary>
    private Outcome<GeoTiffFile> Image(int index)
    {
        if (_files[index] is null)
        {
            // Opened again from the layout read when the stack was checked: LibTiff does not parse the file once more per thread.
            var open = GeoTiffFile.Open(_stack.Layouts[index]);
            if (!open.Succeeded)
            {
                return open.Problem!;
            }

            _files[index] = open.Value;
            open.Value.KeepBlockRows(_blockRows);
        }

        return _files[index]!;
    }

    public void Dispose()
    {
        foreach (var f in _files)
        {
            f?.Dispose();
        }
    }
}
