using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Haven.Geo.IO;

/// <summary>
/// What shows that a file's content has not changed without reading it: its device and inode, its size, and its
/// modification and status-change times to the nanosecond, from Linux's <c>statx</c>. A write or truncation changes the
/// times and maybe the size; a file put in its place (a rename, a copy, a fresh download) has another inode; and the
/// status-change time moves on every such change and cannot be set back by a program, as the modification time can.
/// This is what git and DVC trust to skip re-reading files.
/// </summary>
public readonly record struct FileIdentity(ulong Device, ulong Inode, long Bytes, long ModifiedNs, long ChangedNs)
{
    private static readonly Lazy<StatxFunction?> Statx = new(Load);

    /// <summary>The latest of the modification and status-change times.</summary>
    public DateTimeOffset LastChange => DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(ModifiedNs, ChangedNs) / 1_000_000);

    /// <summary>The identity of the file at <paramref name="path"/>, or null when it cannot be had: no such file, a folder, or a system without <c>statx</c>.</summary>
    public static FileIdentity? Of(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Statx.Value is not { } statx)
        {
            return null;
        }

        var buffer = new byte[256];
        if (statx(AtFdCwd, path, 0, StatxBasicStats, buffer) != 0)
        {
            return null;
        }

        uint mask = BinaryPrimitives.ReadUInt32LittleEndian(buffer);
        ushort mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(28));
        const uint needed = StatxType | StatxIno | StatxSize | StatxMtime | StatxCtime;
        if ((mask & needed) != needed || (mode & 0xF000) != 0x8000)
        {
            return null; // not a regular file, or the file system did not give every field
        }

        return new FileIdentity(
            ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(136)) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(140)),
            BinaryPrimitives.ReadUInt64LittleEndian(buffer.AsSpan(32)),
            BinaryPrimitives.ReadInt64LittleEndian(buffer.AsSpan(40)),
            Nanoseconds(buffer.AsSpan(112)),
            Nanoseconds(buffer.AsSpan(96)));
    }

    /// <summary>The identity as one line of text (<see cref="Parse"/> reads it back).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Device} {Inode} {Bytes} {ModifiedNs} {ChangedNs}");

    /// <summary>An identity written by <see cref="ToString"/>, or null when the text is not one.</summary>
    public static FileIdentity? Parse(string? text)
    {
        var parts = text?.Split(' ');
        return parts is { Length: 5 }
            && ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong device)
            && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong inode)
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long bytes)
            && long.TryParse(parts[3], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long modified)
            && long.TryParse(parts[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long changed)
            ? new FileIdentity(device, inode, bytes, modified, changed)
            : null;
    }

    // struct statx_timestamp { __s64 tv_sec; __u32 tv_nsec; __s32 reserved; }
    private static long Nanoseconds(ReadOnlySpan<byte> timestamp) =>
        (BinaryPrimitives.ReadInt64LittleEndian(timestamp) * 1_000_000_000) + BinaryPrimitives.ReadUInt32LittleEndian(timestamp[8..]);

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1, StatxMtime = 0x40, StatxCtime = 0x80, StatxIno = 0x100, StatxSize = 0x200, StatxBasicStats = 0x7ff;

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int StatxFunction(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);

    /// <summary>glibc's <c>statx</c> (2.28 and later). Its structure has the same layout on every Linux architecture; these offsets read it little-endian.</summary>
    private static StatxFunction? Load() =>
        OperatingSystem.IsLinux() && BitConverter.IsLittleEndian && NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "statx", out var statx)
            ? Marshal.GetDelegateForFunctionPointer<StatxFunction>(statx)
            : null;
}
