namespace Haven.Benchmarks;

/// <summary>Finds the Gaza reference layers beside the repository (or where HAVEN_REFERENCE_DATA points).</summary>
internal static class ReferenceFiles
{
    public static string Path(string name)
    {
        string? folder = Environment.GetEnvironmentVariable("HAVEN_REFERENCE_DATA");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); folder is null && dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Haven.slnx")))
            {
                folder = System.IO.Path.Combine(dir.FullName, "..", "shared", "data", "gaza");
            }
        }

        string path = System.IO.Path.Combine(folder ?? throw new InvalidOperationException("Set HAVEN_REFERENCE_DATA to the Gaza reference folder."), name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"Reference layer not found: {path}");
    }
}
