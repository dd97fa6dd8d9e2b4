namespace Haven.Cli.Tests.Support;

/// <summary>A test of the `haven` command in a throwaway folder, removed (with its pooled SQLite connections) at the end.</summary>
public abstract class CliTest : IDisposable
{
    protected string Dir { get; } = Directory.CreateTempSubdirectory("haven-cli-").FullName;

    /// <summary>The clock the commands see; the system clock unless a test pins it.</summary>
    protected virtual TimeProvider Time => TimeProvider.System;

    protected Task<int> Haven(params string[] args) => HavenCommand.RunAsync(args, Time);

    /// <summary>A store holding the Sample Strip (seed 2), as haven simulate and haven import make it.</summary>
    protected async Task<string> ImportedStripAsync()
    {
        string strip = Path.Combine(Dir, "strip");
        string db = Path.Combine(Dir, "haven.db");
        Assert.Equal(0, await Haven("simulate", "--out", strip, "--seed", "2"));
        Assert.Equal(0, await Haven("import", strip, "--db", db));
        return db;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Dir, recursive: true);
        GC.SuppressFinalize(this);
    }
}
