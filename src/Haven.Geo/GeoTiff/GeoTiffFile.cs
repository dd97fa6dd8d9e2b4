using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using BitMiracle.LibTiff.Classic;
using Haven.Geo.IO;
using Haven.Geo.Rasters;

namespace Haven.Geo.GeoTiff;

/// <summary>
/// An open GeoTIFF: its <see cref="Info"/> read once, then windows of any band read by decoding only the strips
/// or tiles they touch. Problems with the file come back as a <see cref="Problem"/> naming it.
/// Not thread-safe; open one per thread. A file opened once can be opened again on another thread from its
/// <see cref="Layout"/> without parsing its directory again.
/// </summary>
public sealed partial class GeoTiffFile : IDisposable
{
    // LibTiff's handle: opened with the file, or, for a file opened again from its layout, only when a block needs
    // LibTiff's own decoder (a scheme Haven does not decode itself).
    private Tiff? _tif;
    private readonly GeoTiffLayout _layout;
    private readonly int _bytesPerSample;
    private readonly int _samplesPerPixel;
    private readonly int _rowsPerStrip;

    // Uncompressed strips in the machine's byte order: each strip's file offset, for reading cells straight
    // into the caller's buffer (one copy from the page cache, none through LibTiff's strip buffer).
    private readonly long[]? _stripOffsets;
    // A local file's own handle: blocks' bytes are read through it at their offsets, not through LibTiff.
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle? _handle;
    private readonly Stream? _remote;

    private GeoTiffFile(Tiff? tif, GeoTiffLayout layout, Microsoft.Win32.SafeHandles.SafeFileHandle? handle, Stream? remote = null)
    {
        _remote = remote;
        _tif = tif;
        _layout = layout;
        _handle = handle;
        Info = layout.Info;
        _bytesPerSample = Info.DataType.SizeInBytes();
        _samplesPerPixel = layout.SamplesPerPixel;
        _rowsPerStrip = layout.RowsPerStrip;
        _stripOffsets = handle is null ? null : layout.DirectStrips;
    }

    /// <summary>Where the file's blocks lie, as its first directory says: enough to open it again (<see cref="Open(GeoTiffLayout)"/>).</summary>
    public GeoTiffLayout Layout => _layout;

    public GeoTiffInfo Info { get; }

    /// <summary>Opens a GeoTIFF, refusing one whose declared size breaks <see cref="RasterLimits.Current"/> before anything is allocated for it.</summary>
    public static Outcome<GeoTiffFile> Open(string path) => Open(path, RasterLimits.Current);

    /// <summary>Opens a GeoTIFF, refusing one whose declared size breaks <paramref name="limits"/> before anything is allocated for it.</summary>
    public static Outcome<GeoTiffFile> Open(string path, RasterLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        GeoTiffTags.EnsureRegistered();
        TiffErrors.EnsureRegistered();
        TiffErrors.Clear();
        HttpRangeStream? remote = null;
        if (HttpRangeStream.IsUrl(path))
        {
            // A file served over HTTP(S): only its header and the blocks read are fetched, by range requests.
            var opened = HttpRangeStream.Open(new Uri(path), RemoteFiles.Client, RemoteFiles.Options);
            if (!opened.Succeeded)
            {
                return opened.Problem!;
            }

            remote = opened.Value;
        }
        else if (!File.Exists(path))
        {
            return Outcome<GeoTiffFile>.Failure("geotiff.not_found", $"{path}: file not found.");
        }

        var result = Open(path, limits, remote);
        if (!result.Succeeded)
        {
            remote?.Dispose();
        }

        return result;
    }

    private static Outcome<GeoTiffFile> Open(string path, RasterLimits limits, HttpRangeStream? remote)
    {
        // The decoder sizes its strip and tile tables from the declared image size: check it before the decoder reads it.
        int declaredPredictor = 1;
        if ((remote is null ? TiffHeader.Peek(path) : TiffHeader.Peek(remote)) is var (declaredWidth, declaredHeight, tileWidth, tileHeight, predictor))
        {
            declaredPredictor = predictor;
            if (declaredWidth > 0 && declaredHeight > 0 && declaredWidth * declaredHeight > limits.MaxCells)
            {
                return TooLarge(path, declaredWidth, declaredHeight, limits);
            }

            if (tileWidth > 0 && tileHeight > 0 && (declaredWidth + tileWidth - 1) / tileWidth * ((declaredHeight + tileHeight - 1) / tileHeight) > MaxBlocks)
            {
                return Outcome<GeoTiffFile>.Failure("geotiff.layout", string.Create(CultureInfo.InvariantCulture,
                    $"{path}: {declaredWidth:N0} x {declaredHeight:N0} cells in tiles of {tileWidth} x {tileHeight} would be more than {MaxBlocks:N0} tiles; retile it with larger tiles."));
            }
        }

        Tiff? tif;
        try
        {
            if (remote is not null)
            {
                remote.Position = 0;
            }

            tif = remote is null ? Tiff.Open(path, "r") : Tiff.ClientOpen(path, "r", remote, new TiffStream());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return Outcome<GeoTiffFile>.Failure("geotiff.unreadable", $"{path}: not a readable TIFF file ({ex.Message}).");
        }

        if (tif is null)
        {
            // The decoder's own words can quote the file's first bytes ("bad magic number ..."): say only what is wrong.
            TiffErrors.Take();
            return Outcome<GeoTiffFile>.Failure("geotiff.unreadable", $"{path}: not a readable TIFF file (it does not start with a TIFF header, or its first directory is damaged).");
        }

        var info = ReadInfo(tif, path, limits, declaredPredictor, out int spp, out int rowsPerStrip);
        if (!info.Succeeded)
        {
            tif.Dispose();
            return info.Problem!;
        }

        var file = new GeoTiffFile(tif, GeoTiffLayout.Of(tif, info.Value, spp, rowsPerStrip, remote is not null), remote is null ? OpenHandle(path) : null, remote);
        long blockBytes = info.Value.Tiled
            ? (long)info.Value.BlockWidth * info.Value.BlockHeight * (info.Value.Interleaved ? spp : 1) * info.Value.DataType.SizeInBytes()
            : (long)info.Value.Width * rowsPerStrip * (info.Value.Interleaved ? spp : 1) * info.Value.DataType.SizeInBytes();
        if (file._stripOffsets is null && blockBytes > limits.MaxBlockBytes)
        {
            // Read straight from the file when uncompressed; otherwise a block is decoded whole, so it must fit the budget.
            file.Dispose();
            return Outcome<GeoTiffFile>.Failure("geotiff.block_too_large", string.Create(CultureInfo.InvariantCulture,
                $"{path}: one {(info.Value.Tiled ? "tile" : "strip")} decodes to {RasterLimits.Bytes(blockBytes)} ({(info.Value.Tiled ? info.Value.BlockWidth : info.Value.Width):N0} x {(info.Value.Tiled ? info.Value.BlockHeight : rowsPerStrip):N0} cells), more than the {RasterLimits.Bytes(limits.MaxBlockBytes)} Haven decodes at once (HAVEN_MAX_RASTER_BLOCK_BYTES); rewrite it tiled, e.g. gdal_translate -co TILED=YES -co COMPRESS=DEFLATE."));
        }

        return file;
    }

    /// <summary>
    /// Opens a local file again from the layout of an earlier opening, without parsing its directory: what a
    /// reader on another thread does with a file already checked. A file changed since (its size or time of
    /// writing), a file served over HTTP, or one whose handle cannot be had is opened in full, as <see cref="Open(string)"/>.
    /// </summary>
    public static Outcome<GeoTiffFile> Open(GeoTiffLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (layout.Unchanged() && OpenHandle(layout.Info.Path) is { } handle)
        {
            return new GeoTiffFile(null, layout, handle);
        }

        return Open(layout.Info.Path);
    }

    /// <summary>A handle for reading blocks at their offsets; null when the file cannot be opened so (LibTiff reads them instead).</summary>
    private static Microsoft.Win32.SafeHandles.SafeFileHandle? OpenHandle(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>LibTiff's handle on the file, opened now if this file was opened from its layout; null when it cannot be.</summary>
    private Tiff? Tif
    {
        get
        {
            if (_tif is null && _remote is null)
            {
                try
                {
                    _tif = Tiff.Open(Info.Path, "r");
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
                {
                    _tif = null;
                }
            }

            return _tif;
        }
    }

    /// <summary>Opens a file, reads one whole band and closes it.</summary>
    public static Outcome<Raster<T>> ReadBand<T>(string path, int band = 1) where T : unmanaged, INumberBase<T>
    {
        var file = Open(path);
        if (!file.Succeeded)
        {
            return file.Problem!;
        }

        using var f = file.Value;
        return f.ReadBand<T>(band);
    }

    public void Dispose()
    {
        ReturnBlocks();
        _tif?.Dispose();
        _handle?.Dispose();
        _remote?.Dispose();
        _zstd?.Dispose();
        _libDeflate?.Dispose();
    }

    /// <summary>Reads a window of a band (1-based) converted to <typeparamref name="T"/> (float or double).</summary>
    public Outcome<T[]> ReadWindow<T>(int band, RasterWindow window) where T : unmanaged, INumberBase<T>
    {
        if (Info.DataType.IsComplex())
        {
            return Outcome<T[]>.Failure("geotiff.complex", $"{Info.Path}: cells are complex ({Info.DataType}); read them with ReadComplexWindow.");
        }

        var result = new T[window.CellCount];
        var problem = ReadWindow<T>(band, window, result);
        return problem is null ? result : problem;
    }

    /// <summary>Reads a window of a band (1-based) into <paramref name="destination"/>, which must hold window.CellCount cells.</summary>
    public Problem? ReadWindow<T>(int band, RasterWindow window, T[] destination) where T : unmanaged, INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (Info.DataType.IsComplex())
        {
            return new Problem("geotiff.complex", $"{Info.Path}: cells are complex ({Info.DataType}); read them with ReadComplexWindow.");
        }

        if (destination.Length < window.CellCount)
        {
            throw new ArgumentException("The destination is smaller than the window.", nameof(destination));
        }

        if (_stripOffsets is not null && typeof(T) == typeof(float) && Info.DataType == RasterDataType.Float32)
        {
            return ReadDirect(band, window, MemoryMarshal.AsBytes(destination.AsSpan(0, window.CellCount)));
        }

        return ReadInto(band, window, (src, stride, row, col, count) =>
            Decode(Info.DataType, src, stride, destination.AsSpan(row * window.Width + col, count)));
    }

    /// <summary>Reads a window of a complex (CFloat32) band, 1-based.</summary>
    public Outcome<ComplexFloat[]> ReadComplexWindow(int band, RasterWindow window)
    {
        if (!Info.DataType.IsComplex())
        {
            return Outcome<ComplexFloat[]>.Failure("geotiff.not_complex", $"{Info.Path}: cells are {Info.DataType}, not complex.");
        }

        var result = new ComplexFloat[window.CellCount];
        var problem = ReadInto(band, window, (src, stride, row, col, count) =>
        {
            var target = result.AsSpan(row * window.Width + col, count);
            for (int i = 0; i < count; i++)
            {
                target[i] = MemoryMarshal.Read<ComplexFloat>(src.Slice(i * stride));
            }
        });
        return problem is null ? result : problem;
    }

    /// <summary>A whole band as a raster of <typeparamref name="T"/>.</summary>
    public Outcome<Raster<T>> ReadBand<T>(int band = 1) where T : unmanaged, INumberBase<T>
    {
        var data = ReadWindow<T>(band, RasterWindow.Full(Info.Grid));
        return data.Succeeded ? new Raster<T>(Info.Grid, data.Value, Info.NoData) : data.Problem!;
    }

    private delegate void RowSink(ReadOnlySpan<byte> source, int stride, int windowRow, int windowColumn, int count);

    /// <summary>A problem when the band or the window is not in the file.</summary>
    private Problem? Check(int band, RasterWindow window) =>
        band < 1 || band > Info.BandCount ? new Problem("geotiff.band", $"{Info.Path}: band {band} does not exist; the file has {Info.BandCount}.")
        : !window.FitsIn(Info.Width, Info.Height) ? new Problem("geotiff.window", $"{Info.Path}: window {window} is outside the {Info.Width} x {Info.Height} raster.")
        : null;

    private Problem? ReadInto(int band, RasterWindow window, RowSink sink)
    {
        if (Check(band, window) is { } invalid)
        {
            return invalid;
        }

        int plane = Info.Interleaved ? 0 : band - 1;
        int sampleOffset = Info.Interleaved ? (band - 1) * _bytesPerSample : 0;
        int pixelStride = (Info.Interleaved ? _samplesPerPixel : 1) * _bytesPerSample;
        int blockWidth = Info.Tiled ? Info.BlockWidth : Info.Width;
        int blockHeight = Info.Tiled ? Info.BlockHeight : _rowsPerStrip;
        int firstBlockRow = window.Row / blockHeight;
        int lastBlockRow = (window.Row + window.Height - 1) / blockHeight;
        int firstBlockCol = window.Column / blockWidth;
        int lastBlockCol = (window.Column + window.Width - 1) / blockWidth;
        ReleaseBlocksAbove(firstBlockRow);
        for (int br = firstBlockRow; br <= lastBlockRow; br++)
        {
            for (int bc = firstBlockCol; bc <= lastBlockCol; bc++)
            {
                int rowStart = Math.Max(window.Row, br * blockHeight);
                int rowEnd = Math.Min(window.Row + window.Height, Math.Min((br + 1) * blockHeight, Info.Height));
                // The bottom rows of a block decoded earlier (a band's halo above) come from the kept tail, not a new decode.
                int firstRow = 0;
                byte[] block;
                if (!TryTail(br, bc, plane, rowStart - br * blockHeight, out block, out firstRow)
                    && LoadBlock(br, bc, plane, rowEnd - br * blockHeight, out block) is { } problem)
                {
                    return problem;
                }

                int colStart = Math.Max(window.Column, bc * blockWidth);
                int colEnd = Math.Min(window.Column + window.Width, Math.Min((bc + 1) * blockWidth, Info.Width));
                for (int row = rowStart; row < rowEnd; row++)
                {
                    int offset = ((row - br * blockHeight - firstRow) * blockWidth + (colStart - bc * blockWidth)) * pixelStride + sampleOffset;
                    sink(block.AsSpan(offset), pixelStride, row - window.Row, colStart - window.Column, colEnd - colStart);
                }
            }
        }

        return null;
    }

    /// <summary>Reads rows of uncompressed Float32 strips straight into the destination, merging adjacent rows into one read.</summary>
    private Problem? ReadDirect(int band, RasterWindow window, Span<byte> destination)
    {
        if (Check(band, window) is { } invalid)
        {
            return invalid;
        }

        int cell = sizeof(float);
        long rowBytes = (long)Info.Width * cell;
        int perPlane = (Info.Height + _rowsPerStrip - 1) / _rowsPerStrip;
        int planeStart = (band - 1) * perPlane;
        int windowRowBytes = window.Width * cell;
        bool fullRows = window.Column == 0 && window.Width == Info.Width;
        int row = 0;
        while (row < window.Height)
        {
            long offset = RowOffset(window.Row + row) + (long)window.Column * cell;
            int run = 1;
            // Whole rows that follow each other in the file are read in one call.
            while (fullRows && row + run < window.Height && RowOffset(window.Row + row + run) == offset + run * rowBytes)
            {
                run++;
            }

            var target = destination.Slice(row * windowRowBytes, run * windowRowBytes);
            int got = 0;
            while (got < target.Length)
            {
                int n = RandomAccess.Read(_handle!, target[got..], offset + got);
                if (n <= 0)
                {
                    return new Problem("geotiff.corrupt", $"{Info.Path}: row {window.Row + row} ends before its strip does; the file is truncated.");
                }

                got += n;
            }

            row += run;
        }

        return null;

        long RowOffset(int r) => _stripOffsets![planeStart + r / _rowsPerStrip] + (r % _rowsPerStrip) * rowBytes;
    }
}
