namespace Haven.Geo.Tests.Support;

/// <summary>
/// The real Gaza layers beside the project (../shared/data/gaza), or where HAVEN_REFERENCE_DATA points.
/// Tests that need them are skipped with a message only when the folder is absent; CI always has it.
/// </summary>
public static class ReferenceData
{
    public static string? Folder { get; } = Find();

    public static string File(string name) => Path.Combine(Folder ?? throw new InvalidOperationException("No reference data."), name);

    /// <summary>The real Sentinel-1 product samples beside the Gaza layers (../shared/data/s1-samples), or null when absent.</summary>
    public static string? S1Samples { get; } = Folder is null ? null
        : Path.GetFullPath(Path.Combine(Folder, "..", "s1-samples")) is var p && Directory.Exists(p) ? p : null;

    /// <summary>Why a test of the real Sentinel-1 samples is skipped.</summary>
    public const string NoS1Samples = "The real Sentinel-1 samples (../shared/data/s1-samples) are not beside the project.";

    /// <summary>The real OPERA RTC-S1 burst crop (10 VH files), or null when absent.</summary>
    public static string? OperaBurst => S1Samples is null ? null : Path.Combine(S1Samples, "opera_rtc_s1_png_T009", "T009_019294_IW2_cropped");

    private static string? Find()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("HAVEN_REFERENCE_DATA");
        if (!string.IsNullOrEmpty(fromEnvironment) && Directory.Exists(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "Haven.slnx")))
            {
                string candidate = Path.Combine(dir.FullName, "..", "shared", "data", "gaza");
                return Directory.Exists(candidate) ? Path.GetFullPath(candidate) : null;
            }
        }

        return null;
    }
}

/// <summary>A fact that reads the real Gaza reference layers.</summary>
public sealed class ReferenceFactAttribute : FactAttribute
{
    public ReferenceFactAttribute()
    {
        if (ReferenceData.Folder is null)
        {
            Skip = "The Gaza reference layers (../shared/data/gaza or HAVEN_REFERENCE_DATA) are not present.";
        }
    }
}

/// <summary>A theory that reads the real Gaza reference layers.</summary>
public sealed class ReferenceTheoryAttribute : TheoryAttribute
{
    public ReferenceTheoryAttribute()
    {
        if (ReferenceData.Folder is null)
        {
            Skip = "The Gaza reference layers (../shared/data/gaza or HAVEN_REFERENCE_DATA) are not present.";
        }
    }
}
