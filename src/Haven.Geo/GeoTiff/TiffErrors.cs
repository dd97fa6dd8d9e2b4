using System.Globalization;
using BitMiracle.LibTiff.Classic;

namespace Haven.Geo.GeoTiff;

/// <summary>
/// LibTiff.NET reports format errors to one process-wide handler; this one keeps them per thread so a
/// failed read can say what LibTiff saw, instead of printing to the console. Thread-safe.
/// </summary>
internal static class TiffErrors
{
    [ThreadStatic]
    private static List<string>? t_messages;

    static TiffErrors()
    {
        Tiff.SetErrorHandler(new Handler());
    }

    public static void EnsureRegistered()
    {
        // The static constructor does the work.
    }

    /// <summary>The errors reported on this thread since the last call, as " (a; b)", or empty.</summary>
    public static string Take()
    {
        var messages = t_messages;
        if (messages is null || messages.Count == 0)
        {
            return string.Empty;
        }

        string text = " (" + string.Join("; ", messages.Distinct()) + ")";
        messages.Clear();
        return text;
    }

    public static void Clear() => t_messages?.Clear();

    private sealed class Handler : TiffErrorHandler
    {
        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) =>
            (t_messages ??= []).Add(string.Format(CultureInfo.InvariantCulture, format, args));

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args)
        {
            // Unknown private tags and the like: not a problem for reading values.
        }
    }
}
