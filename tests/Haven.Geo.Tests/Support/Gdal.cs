using System.Diagnostics;

namespace Haven.Geo.Tests.Support;

/// <summary>GDAL's command-line tools (Debian gdal-bin), used to prove interop both ways.</summary>
public static class Gdal
{
    public static bool Installed { get; } = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator).Any(d => File.Exists(Path.Combine(d, "gdalinfo")));

    public static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', args)} failed: {error}");
        return output;
    }
}

/// <summary>A fact that needs GDAL's command-line tools; skipped with a message when they are absent.</summary>
public sealed class GdalFactAttribute : FactAttribute
{
    public GdalFactAttribute()
    {
        if (!Gdal.Installed)
        {
            Skip = "GDAL (gdalinfo) is not installed; .ci/run installs Debian's gdal-bin.";
        }
    }
}

/// <summary>A theory that needs GDAL's command-line tools.</summary>
public sealed class GdalTheoryAttribute : TheoryAttribute
{
    public GdalTheoryAttribute()
    {
        if (!Gdal.Installed)
        {
            Skip = "GDAL (gdalinfo) is not installed; .ci/run installs Debian's gdal-bin.";
        }
    }
}
