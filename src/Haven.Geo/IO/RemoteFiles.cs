namespace Haven.Geo.IO;

/// <summary>The one HTTP client remote rasters are read through, and how (a request times out after 60 s; retries as <see cref="HttpRangeOptions"/>).</summary>
public static class RemoteFiles
{
    public static HttpClient Client { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = System.Net.DecompressionMethods.None })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>How remote files are read; tests may set smaller pieces or faster retries.</summary>
    public static HttpRangeOptions Options { get; set; } = HttpRangeOptions.Default;
}
