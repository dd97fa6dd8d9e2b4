namespace Haven.Geo.Tests.Support;

/// <summary>
/// The real Gaza layers beside the project (../shared/data/gaza), or where HAVEN_REFERENCE_DATA points.
/// Tests that need them are skipped with a message only when the folder is absent; CI always has it.
/// </summary>
public static class ReferenceData
{
    public static string? Folder { get; } = Find();

    public static string File(string name) => Path.Combine(Folder ?? throw new InvalidOperationException("No reference data."), name);

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
