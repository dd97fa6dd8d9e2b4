using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using BitMiracle.LibTiff.Classic;

namespace Haven.Geo.GeoTiff;

/// <summary>
/// Decoded blocks (tiles or strips) and where they come from. DEFLATE blocks in the machine's byte order are
/// inflated by libdeflate where the system has it, else by .NET's native zlib (<see cref="ZLibStream"/>), Zstandard blocks by ZstdSharp and LZW blocks by
/// <see cref="Lzw"/>, and their predictor undone here, which is several times faster than LibTiff.NET's managed
/// decoders; every other scheme (and old-style LZW) goes through LibTiff. Decoded blocks are
/// kept in a small cache, one block by default, or as many block rows as <see cref="KeepBlockRows"/> asks, so a
/// reader that walks the image in bands narrower than its tiles decodes each tile once.
/// </summary>
public sealed partial class GeoTiffFile
{
    private readonly Dictionary<int, byte[]> _blocks = [];
    private readonly Dictionary<int, int> _partial = []; // blocks decoded only down to this many rows
    private readonly Dictionary<int, (int FirstRow, byte[] Bytes)> _tails = []; // the bottom rows of blocks decoded whole
    private readonly Queue<int> _tailOrder = new();

    /// <summary>
    /// Rows kept from the bottom of each block decoded whole, for a reader whose next band needs them as the halo
    /// above it: DEFLATE cannot start in the middle of a block, so without them the whole block is decoded again.
    /// </summary>
    public const int TailRows = 4;
    private readonly LinkedList<int> _recent = new(); // most recently used first

    /// <summary>
    /// Where full-size block buffers come from and go back to, shared by every open file: a stack of images read
    /// band by band needs one row of blocks at a time, not one per image (see <see cref="ReleaseBlocksAbove"/>).
    /// </summary>
    private static readonly System.Buffers.ArrayPool<byte> BlockPool = System.Buffers.ArrayPool<byte>.Shared;
    private int _capacity = 1;
    // The compressed bytes of the block being decoded: one buffer per thread, shared by every file the thread reads,
    // since a stack reader holds a hundred files open and each would otherwise keep a block's worth of its own.
    [ThreadStatic]
    private static byte[]? t_raw;
    private byte[] _rowScratch = [];
    private bool? _decodedHere;
    // Typed loosely so that a file in another compression never loads ZstdSharp.
#pragma warning disable CA1859
    private IDisposable? _zstd;
#pragma warning restore CA1859
    private LibDeflate? _libDeflate;
    private bool _libDeflateTried;
    private Lzw? _lzw;

    /// <summary>How many blocks have been decoded whole since the file was opened (for tests and benchmarks).</summary>
    public long BlocksDecoded { get; private set; }

    /// <summary>How many of the blocks decoded whole were inflated by libdeflate rather than zlib (for tests).</summary>
    public long BlocksInflatedByLibDeflate { get; private set; }

    /// <summary>How many blocks have had only their top rows decoded (a halo), which costs a small part of a block.</summary>
    public long BlocksDecodedInPart { get; private set; }

    /// <summary>
    /// Keeps up to <paramref name="rows"/> rows of decoded blocks across the whole width, so that bands of rows
    /// read in order decode each block once. Memory: rows x block height x width x cell size.
    /// </summary>
    public void KeepBlockRows(int rows)
    {
        int across = Info.Tiled ? (Info.Width + Info.BlockWidth - 1) / Info.BlockWidth : 1;
        int planes = Info.Interleaved ? 1 : Info.BandCount;
        _capacity = Math.Max(1, rows * across * planes);
    }

    /// <summary>
    /// The decoded bytes of block (<paramref name="blockRow"/>, <paramref name="blockCol"/>) of a plane, at least its
    /// first <paramref name="rows"/> rows. DEFLATE and LZW can stop early: a band that needs only the top row of the
    /// next block row (a filter's halo) does not pay for the whole block. Such a block is not checked against its
    /// Adler-32 sum, which covers the whole stream; it is checked when it is read whole.
    /// </summary>
    private Problem? LoadBlock(int blockRow, int blockCol, int plane, int rows, out byte[] block)
    {
        int index = BlockIndex(blockRow, blockCol, plane);
        if (_blocks.TryGetValue(index, out var cached) && (!_partial.TryGetValue(index, out int decodedRows) || decodedRows >= rows))
        {
            block = cached;
            if (_recent.First!.Value != index)
            {
                _recent.Remove(index);
                _recent.AddFirst(index);
            }

            return null;
        }

        int size = _layout.BlockSize;
        block = [];
        if (_blocks.Remove(index, out _))
        {
            // Decoded only partly before (its rows kept compact): decoded again, whole, into a full buffer.
            _recent.Remove(index);
            _partial.Remove(index);
        }
        else if (_blocks.Count >= _capacity)
        {
            // Reuse the least recently used block's buffer.
            int evicted = _recent.Last!.Value;
            _recent.RemoveLast();
            _blocks.Remove(evicted, out var buffer);
            if (!_partial.Remove(evicted))
            {
                block = buffer!;
            }
        }

        if (block.Length < size)
        {
            // A partly decoded block is kept compact (its rows only); full-size buffers come from the shared pool.
            block = BlockPool.Rent(size);
        }

        int blockRows = Info.Tiled ? Info.BlockHeight : _rowsPerStrip;
        // Only a few rows (a halo) are decoded alone; a band's own rows take the whole block, which later bands reuse.
        bool early = rows <= Math.Max(1, blockRows / 8) && rows < blockRows && Info.Compression is GeoTiffCompression.Deflate or GeoTiffCompression.Lzw;
        var problem = DecodedHere ? DecodeHere(index, block, size, early ? rows : int.MaxValue)
            : Info.Compression == GeoTiffCompression.Zstd ? Damaged(index, " (Zstandard in this byte order or with this predictor is not read; convert the file with gdal_translate)")
            : LibTiffDecode(index, block, size);
        if (problem is not null)
        {
            return problem;
        }

        if (early && DecodedHere)
        {
            // Only the decoded rows are kept, so the halos of a hundred images do not hold a hundred full blocks.
            var decoded = block.AsSpan(0, rows * BlockRowBytes).ToArray();
            BlockPool.Return(block);
            block = decoded;
            _partial[index] = rows;
            BlocksDecodedInPart++;
        }
        else
        {
            BlocksDecoded++;
            KeepTail(index, block, RowsIn(index));
        }

        _blocks[index] = block;
        _recent.AddFirst(index);
        return null;
    }

    /// <summary>
    /// Gives back the blocks that lie wholly above block row <paramref name="blockRow"/>: a reader walking down the
    /// image in bands will not read them again (their bottom rows, a halo, are kept as tails), so their buffers go
    /// back to the pool for the next image. A reader that does go back up decodes them again.
    /// </summary>
    private void ReleaseBlocksAbove(int blockRow)
    {
        if (_blocks.Count == 0)
        {
            return;
        }

        List<int>? above = null;
        foreach (int index in _blocks.Keys)
        {
            if (BlockRowOf(index) < blockRow)
            {
                (above ??= []).Add(index);
            }
        }

        foreach (int index in above ?? [])
        {
            _blocks.Remove(index, out var buffer);
            _recent.Remove(index);
            if (!_partial.Remove(index))
            {
                BlockPool.Return(buffer!);
            }
        }
    }

    /// <summary>
    /// Gives back the decoded blocks that lie wholly above row <paramref name="row"/>, for a reader walking down the
    /// image that will not read above that row again (a few bottom rows of each are kept for a halo). Done as soon as a
    /// band's window is read, not when the next band starts, a stack of a hundred images holds one image's row of
    /// blocks at a time instead of one per image, and their buffers are reused while still in cache.
    /// </summary>
    public void ReleaseRowsAbove(int row)
    {
        int blockHeight = Info.Tiled ? Info.BlockHeight : _rowsPerStrip;
        if (blockHeight > 0 && row > 0)
        {
            // At the image's last row every block is done with, the last (short) row of blocks included.
            ReleaseBlocksAbove(row >= Info.Height ? (Info.Height + blockHeight - 1) / blockHeight : row / blockHeight);
        }
    }

    /// <summary>Every pooled block buffer handed back (when the file is closed).</summary>
    private void ReturnBlocks()
    {
        foreach (var (index, buffer) in _blocks)
        {
            if (!_partial.ContainsKey(index))
            {
                BlockPool.Return(buffer);
            }
        }

        _blocks.Clear();
        _partial.Clear();
        _recent.Clear();
    }

    /// <summary>libdeflate for whole DEFLATE blocks, when the system has it (see <see cref="LibDeflate"/>).</summary>
    private LibDeflate? Inflater()
    {
        if (!_libDeflateTried)
        {
            _libDeflateTried = true;
            _libDeflate = LibDeflate.Create();
        }

        return _libDeflate;
    }

    /// <summary>The block row (within its plane) of block number <paramref name="index"/>.</summary>
    private int BlockRowOf(int index) => Info.Tiled
        ? index % (TilesAcross * TilesDown) / TilesAcross
        : index % StripsPerPlane;

    private int TilesAcross => (Info.Width + Info.BlockWidth - 1) / Info.BlockWidth;

    private int TilesDown => (Info.Height + Info.BlockHeight - 1) / Info.BlockHeight;

    /// <summary>The bottom <see cref="TailRows"/> rows of a block just decoded whole, kept for two block rows' worth of blocks.</summary>
    private void KeepTail(int index, byte[] block, int rowsInBlock)
    {
        int rowBytes = BlockRowBytes;
        int first = Math.Max(0, rowsInBlock - TailRows);
        var bytes = _tails.Remove(index, out var old) && old.Bytes.Length == (rowsInBlock - first) * rowBytes ? old.Bytes : new byte[(rowsInBlock - first) * rowBytes];
        Buffer.BlockCopy(block, first * rowBytes, bytes, 0, bytes.Length);
        _tails[index] = (first, bytes);
        _tailOrder.Enqueue(index);
        int keep = 2 * (Info.Tiled ? (Info.Width + Info.BlockWidth - 1) / Info.BlockWidth : 1) * (Info.Interleaved ? 1 : Info.BandCount);
        while (_tailOrder.Count > keep)
        {
            int oldest = _tailOrder.Dequeue();
            if (!_tailOrder.Contains(oldest))
            {
                _tails.Remove(oldest);
            }
        }
    }

    /// <summary>
    /// The kept bottom rows of block (<paramref name="blockRow"/>, <paramref name="blockCol"/>) when they hold every row
    /// from <paramref name="top"/> down and the block itself is no longer decoded in the cache.
    /// </summary>
    private bool TryTail(int blockRow, int blockCol, int plane, int top, out byte[] bytes, out int firstRow)
    {
        int index = BlockIndex(blockRow, blockCol, plane);
        bytes = [];
        firstRow = 0;
        if ((_blocks.ContainsKey(index) && !_partial.ContainsKey(index)) || !_tails.TryGetValue(index, out var tail) || top < tail.FirstRow)
        {
            return false;
        }

        (firstRow, bytes) = tail;
        return true;
    }

    /// <summary>The file's number for block (<paramref name="blockRow"/>, <paramref name="blockCol"/>) of a plane.</summary>
    private int BlockIndex(int blockRow, int blockCol, int plane) => Info.Tiled
            ? (plane * TilesAcross * TilesDown) + (blockRow * TilesAcross) + blockCol
            : (plane * StripsPerPlane) + blockRow;

    /// <summary>Rows of image data in a block: a tile's height, or fewer for the last strip of a plane.</summary>
    private int RowsIn(int index) => Info.Tiled ? Info.BlockHeight : Math.Min(_rowsPerStrip, Info.Height - (index % StripsPerPlane) * _rowsPerStrip);

    /// <summary>Bytes in one row of a decoded block.</summary>
    private int BlockRowBytes => (Info.Tiled ? Info.BlockWidth : Info.Width) * (Info.Interleaved ? _samplesPerPixel : 1) * _bytesPerSample;

    /// <summary>Decompresses a Zstandard block from its compressed bytes; the problem is ZstdSharp's message when the block is damaged.</summary>
    private int Unzstd(byte[] raw, int count, byte[] block, int expected, out string? problem)
    {
        problem = null;
        try
        {
            var decompressor = (ZstdSharp.Decompressor)(_zstd ??= new ZstdSharp.Decompressor());
            return decompressor.Unwrap(raw.AsSpan(0, count), block.AsSpan(0, expected));
        }
        catch (ZstdSharp.ZstdException ex)
        {
            problem = ex.Message;
            return 0;
        }
    }

    /// <summary>DEFLATE, Zstandard or LZW with no predictor, or a predictor Haven undoes itself, in the machine's byte order (decided once per file).</summary>
    private bool DecodedHere => _decodedHere ??= Info.Compression is GeoTiffCompression.Deflate or GeoTiffCompression.Zstd or GeoTiffCompression.Lzw
        && (Info.Predictor is GeoTiffPredictor.None or GeoTiffPredictor.FloatingPoint
            || (Info.Predictor == GeoTiffPredictor.Horizontal && Info.DataType is not (Rasters.RasterDataType.Float32 or Rasters.RasterDataType.Float64)))
        && _layout.NativeOrder;

    private Problem? LibTiffDecode(int index, byte[] block, int size)
    {
        if (Tif is not { } tif)
        {
            return Damaged(index, " (the file could not be opened again to decode it)");
        }

        int read = Info.Tiled ? tif.ReadEncodedTile(index, block, 0, size) : tif.ReadEncodedStrip(index, block, 0, size);
        return read < 0 ? Damaged(index, TiffErrors.Take()) : null;
    }

    /// <summary>A block's stored bytes: read at its offset through the file's own handle, or through LibTiff for a file served over HTTP.</summary>
    private int ReadRaw(int index, byte[] raw, int count)
    {
        if (_handle is null)
        {
            var tif = Tif!;
            return Info.Tiled ? tif.ReadRawTile(index, raw, 0, count) : tif.ReadRawStrip(index, raw, 0, count);
        }

        long offset = index < _layout.Offsets.Length ? _layout.Offsets[index] : -1;
        if (offset <= 0)
        {
            return -1;
        }

        int got = 0;
        while (got < count)
        {
            int n = RandomAccess.Read(_handle, raw.AsSpan(got, count - got), offset + got);
            if (n <= 0)
            {
                break;
            }

            got += n;
        }

        return got;
    }

    /// <summary>Decompresses a DEFLATE, Zstandard or LZW block (its first <paramref name="rowLimit"/> rows when fewer than all) and undoes its predictor.</summary>
    private Problem? DecodeHere(int index, byte[] block, int size, int rowLimit)
    {
        var byteCounts = _layout.ByteCounts;
        if (index >= byteCounts.Length || byteCounts[index] <= 0 || byteCounts[index] > int.MaxValue)
        {
            return Damaged(index, " (its byte count is missing or impossible)");
        }

        int count = (int)byteCounts[index];
        var raw = t_raw is { } kept && kept.Length >= count ? kept : t_raw = new byte[count];

        int got = ReadRaw(index, raw, count);
        if (got != count)
        {
            return Damaged(index, " (the file ends inside it)");
        }

        int rowBytes = BlockRowBytes;
        int rows = Math.Min(rowLimit, RowsIn(index));
        bool whole = rowLimit == int.MaxValue;
        int expected = Math.Min(size, rows * rowBytes);
        int total = 0;
        if (Info.Compression == GeoTiffCompression.Lzw)
        {
            if (Lzw.IsOldStyle(raw.AsSpan(0, count)))
            {
                return LibTiffDecode(index, block, size);
            }

            _lzw ??= new Lzw();
            total = _lzw.Decode(raw.AsSpan(0, count), block.AsSpan(0, expected));
            if (total < 0)
            {
                return Damaged(index, " (its LZW codes are not valid)");
            }
        }
        else if (Info.Compression == GeoTiffCompression.Zstd)
        {
            total = Unzstd(raw, count, block, expected, out string? zstdProblem);
            if (zstdProblem is not null)
            {
                return Damaged(index, $" ({zstdProblem})");
            }
        }
        else if (whole && Inflater() is { } inflater && inflater.TryInflate(raw, count, block, expected))
        {
            total = expected;
            BlocksInflatedByLibDeflate++;
        }
        else
        {
            try
            {
                using var source = new MemoryStream(raw, 0, count, writable: false);
                using var zlib = new ZLibStream(source, CompressionMode.Decompress);
                while (total < expected)
                {
                    int n = zlib.Read(block, total, expected - total);
                    if (n == 0)
                    {
                        break;
                    }

                    total += n;
                }

                // Read to the end of the stream so zlib checks its Adler-32 sum: garbage can inflate to the right length.
                Span<byte> rest = stackalloc byte[256];
                while (whole && total >= expected && zlib.Read(rest) > 0)
                {
                }
            }
            catch (InvalidDataException ex)
            {
                return Damaged(index, $" ({ex.Message})");
            }
        }

        if (total < expected)
        {
            return Damaged(index, string.Create(CultureInfo.InvariantCulture, $" (it inflates to {total:N0} bytes, not {expected:N0})"));
        }

        if (Info.Predictor != GeoTiffPredictor.None && _rowScratch.Length < rowBytes)
        {
            _rowScratch = new byte[rowBytes];
        }

        for (int r = 0; r < rows; r++)
        {
            Predictors.Decode(block.AsSpan(r * rowBytes, rowBytes), Info.Predictor, _bytesPerSample, Info.Interleaved ? _samplesPerPixel : 1, _rowScratch);
        }

        return null;
    }

    private int StripsPerPlane => (Info.Height + _rowsPerStrip - 1) / _rowsPerStrip;

    private Problem Damaged(int index, string detail) => new("geotiff.corrupt",
        $"{Info.Path}: {(Info.Tiled ? "tile" : "strip")} {index} cannot be decoded{detail}; the file is damaged or truncated.");
}
