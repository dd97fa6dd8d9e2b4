using System.Net;
using System.Net.Sockets;

namespace Haven.Geo.Tests.Support;

/// <summary>A file server on 127.0.0.1 answering single byte ranges with 206, logging each, able to fail or to ignore ranges.</summary>
public sealed class RangeServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _folder;
    private readonly int _port;
    private readonly List<(string File, long Start, long End)> _log = [];
    private readonly Task _loop;

    public RangeServer(string folder)
    {
        _folder = folder;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        _port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public int FailNext { get; set; }

    public bool NoRanges { get; set; }

    public string Url(string file) => $"http://127.0.0.1:{_port}/{file}";

    public List<(long Start, long End)> Ranges(string file)
    {
        lock (_log)
        {
            return [.. _log.Where(l => l.File == file).Select(l => (l.Start, l.End))];
        }
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            using var response = context.Response;
            string name = Path.GetFileName(context.Request.Url!.AbsolutePath);
            string path = Path.Combine(_folder, name);
            if (FailNext > 0)
            {
                FailNext--;
                response.StatusCode = 503;
                continue;
            }

            if (!File.Exists(path))
            {
                response.StatusCode = 404;
                continue;
            }

            byte[] all = await File.ReadAllBytesAsync(path);
            string? range = context.Request.Headers["Range"];
            if (NoRanges || range is null || !range.StartsWith("bytes=", StringComparison.Ordinal))
            {
                response.StatusCode = 200;
                response.ContentLength64 = all.Length;
                await response.OutputStream.WriteAsync(all);
                continue;
            }

            var parts = range["bytes=".Length..].Split('-');
            long start = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            long end = Math.Min(all.Length - 1, long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            lock (_log)
            {
                _log.Add((name, start, end));
            }

            response.StatusCode = 206;
            response.Headers["Content-Range"] = $"bytes {start}-{end}/{all.Length}";
            response.Headers["ETag"] = "\"synthetic-1\"";
            response.ContentLength64 = end - start + 1;
            await response.OutputStream.WriteAsync(all.AsMemory((int)start, (int)(end - start + 1)));
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was stopped under a pending accept.
        }
    }
}
