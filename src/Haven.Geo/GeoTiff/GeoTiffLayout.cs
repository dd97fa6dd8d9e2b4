using BitMiracle.LibTiff.Classic;
using Haven.Geo.Rasters;

namespace Haven.Geo.GeoTiff;

/// <summary>
/// Where an image's blocks (tiles or strips) lie, as its first directory says, read once when the file is opened:
/// their offsets and byte counts, the size of a decoded block and the byte order. Immutable, so readers on other
/// threads open the file again from it (<see cref="GeoTiffFile.Open(GeoTiffLayout)"/>) without LibTiff parsing the
/// directory again, which for a stack of a hundred images read on every core cost more memory than any other step.
/// </summary>
public sealed class GeoTiffLayout
{
    private GeoTiffLayout(GeoTiffInfo info, int samplesPerPixel, int rowsPerStrip, long[] offsets, long[] byteCounts, int blockSize, bool nativeOrder,
        long length, DateTime? written)
    {
        Info = info;
        SamplesPerPixel = samplesPerPixel;
        RowsPerStrip = rowsPerStrip;
        Offsets = offsets;
        ByteCounts = byteCounts;
        BlockSize = blockSize;
        NativeOrder = nativeOrder;
        Length = length;
        Written = written;
        DirectStrips = FindDirectStrips();
    }

    public GeoTiffInfo Info { get; }

    internal int SamplesPerPixel { get; }

    internal int RowsPerStrip { get; }

    /// <summary>Each block's offset in the file, in LibTiff's numbering (planes, then rows of blocks, then columns).</summary>
    internal long[] Offsets { get; }

    /// <summary>Each block's stored (compressed) size in bytes.</summary>
    internal long[] ByteCounts { get; }

    /// <summary>Bytes in one decoded block: a whole tile, or a strip of <see cref="RowsPerStrip"/> rows.</summary>
    internal int BlockSize { get; }

    /// <summary>Samples in the machine's byte order with the usual bit order: blocks Haven may decode itself.</summary>
    internal bool NativeOrder { get; }

    /// <summary>The file's size and time of writing when it was read (null for a file served over HTTP).</summary>
    internal long Length { get; }

    internal DateTime? Written { get; }

    /// <summary>
    /// Strip offsets when every strip is uncompressed, single-sample per plane, in the machine's byte order and
    /// exactly as long as its rows (cells are then read straight into the caller's buffer); otherwise null.
    /// </summary>
    internal long[]? DirectStrips { get; }

    internal static GeoTiffLayout Of(Tiff tif, GeoTiffInfo info, int samplesPerPixel, int rowsPerStrip, bool remote)
    {
        var offsets = tif.GetField(info.Tiled ? TiffTag.TILEOFFSETS : TiffTag.STRIPOFFSETS)?[0].TolongArray() ?? [];
        var counts = tif.GetField(info.Tiled ? TiffTag.TILEBYTECOUNTS : TiffTag.STRIPBYTECOUNTS)?[0].TolongArray() ?? [];
        bool nativeOrder = tif.IsByteSwapped() == !BitConverter.IsLittleEndian && (tif.GetField(TiffTag.FILLORDER)?[0].ToInt() ?? 1) == 1;
        long length = 0;
        DateTime? written = null;
        if (!remote)
        {
            var file = new FileInfo(info.Path);
            length = file.Length;
            written = file.LastWriteTimeUtc;
        }

        return new GeoTiffLayout(info, samplesPerPixel, rowsPerStrip, offsets, counts, info.Tiled ? tif.TileSize() : tif.StripSize(), nativeOrder, length, written);
    }

    /// <summary>Whether the local file still has the size and time of writing it had when this layout was read (never for a file served over HTTP).</summary>
    internal bool Unchanged()
    {
        if (Written is not { } written)
        {
            return false;
        }

        var file = new FileInfo(Info.Path);
        return file.Exists && file.Length == Length && file.LastWriteTimeUtc == written;
    }

    private long[]? FindDirectStrips()
    {
        if (Info.Tiled || Info.Compression != GeoTiffCompression.None || Info.Predictor != GeoTiffPredictor.None || SamplesPerPixel != 1 || !NativeOrder || Written is null)
        {
            return null;
        }

        int perPlane = (Info.Height + RowsPerStrip - 1) / RowsPerStrip;
        int strips = perPlane * (Info.Interleaved ? 1 : Info.BandCount);
        if (Offsets.Length < strips || ByteCounts.Length < strips)
        {
            return null;
        }

        long rowBytes = (long)Info.Width * Info.DataType.SizeInBytes();
        for (int i = 0; i < strips; i++)
        {
            int rows = Math.Min(RowsPerStrip, Info.Height - (i % perPlane) * RowsPerStrip);
            if (ByteCounts[i] < rows * rowBytes || Offsets[i] < 0 || Offsets[i] + rows * rowBytes > Length)
            {
                return null;
            }
        }

        return Offsets;
    }
}
