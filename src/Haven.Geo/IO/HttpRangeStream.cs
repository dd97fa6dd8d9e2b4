using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace Haven.Geo.IO;

/// <summary>How a file served over HTTP(S) is read: the size of the pieces fetched, how many are kept, and how failed requests are retried.</summary>
public sealed record HttpRangeOptions
{
    /// <summary>Bytes fetched at the least per request, aligned: a TIFF directory's many small reads cost one request.</summary>
    public int ChunkBytes { get; init; } = 16 * 1024;

    /// <summary>Bytes of fetched pieces kept for reuse (least recently used go first).</summary>
    public long CacheBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Attempts after the first for a request that fails on the network, times out or gets 408, 429 or 5xx.</summary>
    public int Retries { get; init; } = 4;

    /// <summary>Wait before the first retry, doubled for each one after it.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public static HttpRangeOptions Default { get; } = new();
}

/// <summary>
/// A read-only, seekable stream over a file served by HTTP(S), read with byte-range requests: only the pieces a
/// reader touches are fetched (a Cloud-Optimized GeoTIFF's header and the tiles a job needs), each kept in a
/// bounded cache, and a failed request is retried with back-off. The server must answer ranges (206 with a
/// Content-Range); one that sends the whole file instead is refused, naming the address. Not thread-safe.
/// </summary>
public sealed class HttpRangeStream : Stream
{
    private readonly HttpClient _client;
    private readonly HttpRangeOptions _options;
    private readonly Dictionary<long, LinkedListNode<(long Index, byte[] Bytes)>> _chunks = [];
    private readonly LinkedList<(long Index, byte[] Bytes)> _recent = new();
    private readonly List<(long Start, long End)> _requests = [];
    private long _cached;
    private long _position;

    private HttpRangeStream(Uri uri, HttpClient client, HttpRangeOptions options, long length, string? etag)
    {
        Uri = uri;
        _client = client;
        _options = options;
        Length = length;
        ETag = etag;
    }

    public Uri Uri { get; }

    /// <summary>The entity tag the server gave, when it gave one: what identifies this version of the file.</summary>
    public string? ETag { get; }

    /// <summary>Every byte range requested so far (first and last byte, inclusive), in order.</summary>
    public IReadOnlyList<(long Start, long End)> Requests => _requests;

    public override long Length { get; }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "A position is 0 or more.");
    }

    /// <summary>True for an http:// or https:// address.</summary>
    public static bool IsUrl(string path) =>
        path is not null && (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        && Uri.TryCreate(path, UriKind.Absolute, out _);

    /// <summary>Opens the file at <paramref name="uri"/>: one request for its first piece, which also gives its size.</summary>
    public static Outcome<HttpRangeStream> Open(Uri uri, HttpClient client, HttpRangeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(client);
        options ??= HttpRangeOptions.Default;
        if (options.ChunkBytes <= 0 || options.CacheBytes < options.ChunkBytes || options.Retries < 0)
        {
            throw new ArgumentException("ChunkBytes must be positive, CacheBytes at least one chunk, Retries 0 or more.", nameof(options));
        }

        var first = Fetch(uri, client, options, 0, options.ChunkBytes - 1, null);
        if (!first.Succeeded)
        {
            return first.Problem!;
        }

        var (bytes, total, etag) = first.Value;
        var stream = new HttpRangeStream(uri, client, options, total, etag);
        stream._requests.Add((0, Math.Max(0, bytes.Length - 1)));
        stream.Keep(0, bytes);
        return stream;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= Length || buffer.Length == 0)
        {
            return 0;
        }

        int wanted = (int)Math.Min(buffer.Length, Length - _position);
        int size = _options.ChunkBytes;
        long firstChunk = _position / size, lastChunk = (_position + wanted - 1) / size;
        // The pieces this read needs, held here so that the cache may let them go while they are copied.
        var pieces = new byte[lastChunk - firstChunk + 1][];
        for (long c = firstChunk; c <= lastChunk;)
        {
            if (_chunks.TryGetValue(c, out var node))
            {
                _recent.Remove(node);
                _recent.AddFirst(node);
                pieces[c - firstChunk] = node.Value.Bytes;
                c++;
                continue;
            }

            // Missing pieces in a row are fetched in one request.
            long runEnd = c;
            while (runEnd + 1 <= lastChunk && !_chunks.ContainsKey(runEnd + 1))
            {
                runEnd++;
            }

            long start = c * size, end = Math.Min(Length, (runEnd + 1) * size) - 1;
            var got = Fetch(Uri, _client, _options, start, end, ETag);
            if (!got.Succeeded)
            {
                throw new IOException(got.Problem!.Message);
            }

            _requests.Add((start, end));
            var bytes = got.Value.Bytes;
            for (long k = c; k <= runEnd; k++)
            {
                int from = (int)((k - c) * size);
                pieces[k - firstChunk] = bytes.AsSpan(from, Math.Min(size, bytes.Length - from)).ToArray();
                Keep(k, pieces[k - firstChunk]);
            }

            c = runEnd + 1;
        }

        int copied = 0;
        while (copied < wanted)
        {
            long at = _position + copied;
            var piece = pieces[(at / size) - firstChunk];
            int inChunk = (int)(at % size);
            int n = Math.Min(wanted - copied, piece.Length - inChunk);
            piece.AsSpan(inChunk, n).CopyTo(buffer[copied..]);
            copied += n;
        }

        _position += copied;
        return copied;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => Length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("The stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The stream is read-only.");

    private void Keep(long index, byte[] bytes)
    {
        _chunks[index] = _recent.AddFirst((index, bytes));
        _cached += bytes.Length;
        while (_cached > _options.CacheBytes && _recent.Last is { } oldest && oldest != _recent.First)
        {
            _recent.RemoveLast();
            _chunks.Remove(oldest.Value.Index);
            _cached -= oldest.Value.Bytes.Length;
        }
    }

    /// <summary>One range request, retried with back-off on network failures, time-outs, 408, 429 and 5xx.</summary>
    private static Outcome<(byte[] Bytes, long Total, string? ETag)> Fetch(Uri uri, HttpClient client, HttpRangeOptions options, long start, long end, string? etag)
    {
        string range = string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{end}");
        for (int attempt = 0; ; attempt++)
        {
            string? failure;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Range = new RangeHeaderValue(start, end);
                if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
                {
                    request.Headers.IfRange = new RangeConditionHeaderValue(tag);
                }

                using var response = client.Send(request, HttpCompletionOption.ResponseHeadersRead);
                if (response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange is { From: long from, Length: long total } cr && from == start)
                {
                    using var body = response.Content.ReadAsStream();
                    long expected = Math.Min(end, total - 1) - start + 1;
                    if (expected < 0 || expected > int.MaxValue)
                    {
                        return Outcome<(byte[], long, string?)>.Failure("http.range", $"{uri}: the server gives a size of {total:N0} bytes, which does not hold {range}.");
                    }

                    var bytes = new byte[expected];
                    body.ReadExactly(bytes);
                    return (bytes, total, response.Headers.ETag?.ToString());
                }

                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return Outcome<(byte[], long, string?)>.Failure("http.no_ranges",
                        etag is null
                            ? $"{uri}: the server sent the whole file instead of {range}; Haven reads remote rasters only from servers that answer byte ranges (206), as object stores do."
                            : $"{uri}: the file changed on the server while it was read (its entity tag is no longer {etag}).");
                }

                int status = (int)response.StatusCode;
                if (status is not (408 or 429) && status < 500)
                {
                    return Outcome<(byte[], long, string?)>.Failure("http.status",
                        string.Create(CultureInfo.InvariantCulture, $"{uri}: the server answered {status} {response.ReasonPhrase} to a request for {range}."));
                }

                failure = string.Create(CultureInfo.InvariantCulture, $"{status} {response.ReasonPhrase}");
            }
            catch (HttpRequestException e)
            {
                failure = e.Message;
            }
            catch (TaskCanceledException)
            {
                failure = "the request timed out";
            }
            catch (IOException e)
            {
                failure = e.Message;
            }

            if (attempt >= options.Retries)
            {
                return Outcome<(byte[], long, string?)>.Failure("http.unreachable",
                    string.Create(CultureInfo.InvariantCulture, $"{uri}: {range} could not be read after {attempt + 1} attempts (last: {failure})."));
            }

            Thread.Sleep(options.RetryDelay * Math.Pow(2, attempt));
        }
    }
}
