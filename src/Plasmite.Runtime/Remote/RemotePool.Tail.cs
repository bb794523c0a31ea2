// Remote JSON tails: one JSON Lines stream per request, read incrementally, with optional resume.
using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Plasmite.Remote;

public sealed partial class RemotePool
{
    /// <summary>
    /// Streams messages from <c>GET …/tail</c>. Uses <see cref="ReconnectTails"/> to decide whether to resume.
    /// See <see cref="Tail(TailOptions?, bool, CancellationToken)"/> for the option mapping.
    /// </summary>
    public IAsyncEnumerable<Message> Tail(TailOptions? options = null, CancellationToken cancellationToken = default) =>
        Tail(options, ReconnectTails, cancellationToken);

    /// <summary>
    /// Streams messages from <c>GET …/tail</c>, reading the JSON Lines response incrementally.
    /// </summary>
    /// <remarks>
    /// <para>Mapping of <see cref="TailOptions"/> to the query: <see cref="TailOptions.SinceSeq"/> → <c>since_seq</c>
    /// (inclusive); <see cref="TailOptions.MaxMessages"/> → <c>max</c> (minus what was already delivered);
    /// <see cref="TailOptions.Tags"/> → one <c>tag</c> parameter each; <see cref="TailOptions.GapPolicy"/>
    /// <c>Error</c> → <c>gap_policy=error</c>; <c>timeout_ms</c> = the smallest of <see cref="TailOptions.Timeout"/>,
    /// the time left until <see cref="TailOptions.Deadline"/> and <see cref="RemoteClient.MaxTailTimeout"/>
    /// (not sent when neither Timeout nor Deadline is set and <paramref name="reconnect"/> is false: the server's default,
    /// 30 s, applies). <see cref="TailOptions.PollInterval"/> is not used.</para>
    /// <para>Without <paramref name="reconnect"/> (the Node client's behaviour) this is one HTTP stream: it ends when the
    /// server ends it — after <c>max</c> messages or at its <c>timeout_ms</c> deadline — so <c>Timeout</c> is an overall
    /// deadline here, not the local polling window.</para>
    /// <para>With <paramref name="reconnect"/> the tail behaves like a local one: when a stream ends or the connection
    /// drops (server restart, network error), it reconnects with <c>since_seq</c> = last delivered seq + 1 (backing off
    /// from 100 ms to 2 s while the server is unreachable) and drops duplicates by seq. It ends only at
    /// <c>MaxMessages</c>, at <c>Deadline</c>, on cancellation, on an in-band error (e.g. RetentionGap), or — when
    /// <c>MaxMessages</c> is set — after one whole stream window (<c>Timeout</c>) that delivered nothing.</para>
    /// <para>In-band errors are thrown as <see cref="RemotePlasmiteException"/> with <see cref="RemotePlasmiteException.Status"/> 200.
    /// Cancelling <paramref name="cancellationToken"/> (or leaving the loop) closes the connection at once.</para>
    /// </remarks>
    public IAsyncEnumerable<Message> Tail(TailOptions? options, bool reconnect, CancellationToken cancellationToken = default) =>
        TailCore(options ?? new TailOptions(), reconnect, static (root, raw) => Message.FromEnvelope(root, raw),
            static (line, m) => new Message(m.Seq, m.TimestampNs, m.Tags, line, line.AsMemory(m.DataStart, m.DataLength)), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<Message<T>> Tail<T>(JsonTypeInfo<T> typeInfo, TailOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return TailCore(options ?? new TailOptions(), ReconnectTails, (root, _) => Typed(root, typeInfo),
            (line, m) => Typed(line, m, typeInfo), cancellationToken);
    }

    // slow: from a parsed line (any envelope shape, exact errors); fast: from a line WireEnvelope could read.
    private async IAsyncEnumerable<T> TailCore<T>(TailOptions options, bool reconnect, Func<JsonElement, byte[], T> slow,
        Func<byte[], WireMessage, T> fast, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long? deadlineAt = options.Deadline is { } d ? Stopwatch.GetTimestamp() + (long)(Math.Max(0, d.TotalSeconds) * Stopwatch.Frequency) : null;
        ulong delivered = 0;
        ulong? last = null;
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.MaxMessages is { } max && delivered >= max) yield break;
            TimeSpan? left = deadlineAt is { } at ? TimeSpan.FromSeconds((double)(at - Stopwatch.GetTimestamp()) / Stopwatch.Frequency) : null;
            if (left is { } l && l <= TimeSpan.Zero) yield break;

            ulong? since = last is { } ls ? ls + 1 : options.SinceSeq;
            ulong? timeoutMs = TimeoutMs(options, left, reconnect);
            using var request = Client.NewRequest(HttpMethod.Get, TailPath(options, since, timeoutMs, delivered), null);
            HttpResponseMessage response;
            try
            {
                response = await Client.SendStreamingAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (RemotePlasmiteException e) when (reconnect && (e.Status == 0 || e.Kind == ErrorKind.Busy || e.Status >= 502))
            {
                backoff = await Backoff(backoff, left, cancellationToken).ConfigureAwait(false);
                continue;
            }
            ulong deliveredThisStream = 0;
            long streamStart = Stopwatch.GetTimestamp();
            bool dropped = false;
            using (response)
            {
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var lines = new JsonLineReader(stream);
                var scanner = new WireEnvelope();
                try
                {
                    while (true)
                    {
                        byte[]? line;
                        try
                        {
                            line = await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                        }
                        catch (RemotePlasmiteException) when (reconnect && !cancellationToken.IsCancellationRequested)
                        {
                            dropped = true;
                            break;
                        }
                        if (line is null) break;
                        backoff = TimeSpan.FromMilliseconds(100);
                        T item;
                        ulong seq;
                        if (TryScanLine(scanner, line, out var scanned))
                        {
                            seq = scanned.Seq;
                            if (last is { } prev && seq <= prev) continue;
                            item = fast(line, scanned);
                        }
                        else
                        {
                            using var doc = ParseLine(line);
                            var root = doc.RootElement;
                            if (WireError.TryFromEnvelope(root, (int)response.StatusCode, out var error)) throw error;
                            seq = ReadSeq(root);
                            if (last is { } prev && seq <= prev) continue;
                            item = slow(root, line);
                        }
                        last = seq;
                        delivered++;
                        deliveredThisStream++;
                        yield return item;
                        if (options.MaxMessages is { } m && delivered >= m) yield break;
                    }
                }
                finally
                {
                    await lines.CompleteAsync().ConfigureAwait(false);
                }
            }
            if (!reconnect) yield break;
            if (dropped)
            {
                backoff = await Backoff(backoff, left, cancellationToken).ConfigureAwait(false);
                continue;
            }
            // A clean end. When the stream lasted its whole window, that was the server's deadline: a whole quiet window
            // ends a bounded tail (local semantics). A stream that ended early (server stopping) is treated as a drop.
            bool fullWindow = timeoutMs is { } w && Stopwatch.GetElapsedTime(streamStart).TotalMilliseconds >= w * 0.9;
            if (!fullWindow && (options.MaxMessages is null || deliveredThisStream == 0) && timeoutMs is not null)
            {
                backoff = await Backoff(backoff, left, cancellationToken).ConfigureAwait(false);
                continue;
            }
            if (options.MaxMessages is not null && deliveredThisStream == 0) yield break;
        }
    }

    private ulong? TimeoutMs(TailOptions options, TimeSpan? left, bool reconnect)
    {
        TimeSpan? t = options.Timeout is { } w && w > TimeSpan.Zero ? w : null;
        if (left is { } l && (t is null || l < t)) t = l;
        if (t is null && !reconnect) return null;
        var cap = Client.MaxTailTimeout > TimeSpan.Zero ? Client.MaxTailTimeout : TimeSpan.FromSeconds(30);
        if (t is null || t > cap) t = cap;
        return (ulong)Math.Ceiling(t.Value.TotalMilliseconds);
    }

    private string TailPath(TailOptions options, ulong? since, ulong? timeoutMs, ulong delivered)
    {
        var sb = new StringBuilder(RemoteClient.PoolPath(Name, "/tail"));
        char sep = '?';
        void Add(string key, string value)
        {
            sb.Append(sep).Append(key).Append('=').Append(Uri.EscapeDataString(value));
            sep = '&';
        }
        if (since is { } s) Add("since_seq", s.ToString(CultureInfo.InvariantCulture));
        if (options.MaxMessages is { } max) Add("max", (max - delivered).ToString(CultureInfo.InvariantCulture));
        if (timeoutMs is { } t) Add("timeout_ms", t.ToString(CultureInfo.InvariantCulture));
        if (options.GapPolicy == GapPolicy.Error) Add("gap_policy", "error");
        if (options.Tags is { } tags)
            foreach (string tag in tags) Add("tag", tag);
        return sb.ToString();
    }

    private static async Task<TimeSpan> Backoff(TimeSpan backoff, TimeSpan? left, CancellationToken cancellationToken)
    {
        var wait = left is { } l && l < backoff ? l : backoff;
        if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        return TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
    }

    private static bool TryScanLine(WireEnvelope scanner, byte[] line, out WireMessage message)
    {
        try
        {
            return scanner.TryRead(line, out message);
        }
        catch (JsonException e)
        {
            throw new RemotePlasmiteException(200, ErrorKind.Io, "invalid JSON line in tail stream", inner: e);
        }
    }

    private static JsonDocument ParseLine(byte[] line)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new RemotePlasmiteException(200, ErrorKind.Io, "invalid JSON line in tail stream", inner: e);
        }
    }
}

/// <summary>Splits a response body into lines as they arrive (never buffering the whole body).</summary>
internal sealed class JsonLineReader
{
    private readonly PipeReader _reader;
    private bool _done;

    public JsonLineReader(Stream stream) => _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 32 * 1024));

    /// <summary>The next non-blank line (without <c>\n</c> / trailing <c>\r</c>), or null at the end of the body.</summary>
    /// <exception cref="RemotePlasmiteException">Io (status 0) when the connection fails mid-stream.</exception>
    public async ValueTask<byte[]?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (!_done)
        {
            var result = await NetworkReads.ReadAsync(_reader, "tail stream failed", cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            byte[]? line = NextLine(ref buffer);
            if (line is not null)
            {
                _reader.AdvanceTo(buffer.Start);
                return line;
            }
            if (result.IsCompleted)
            {
                _done = true;
                byte[] rest = Trimmed(buffer);
                _reader.AdvanceTo(buffer.End);
                return rest.Length == 0 ? null : rest;
            }
            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
        return null;
    }

    // The first non-blank complete line of buffer (one copy, already trimmed), or null; buffer moves past what was taken.
    private static byte[]? NextLine(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            ReadOnlySequence<byte> lineSeq;
            if (buffer.IsSingleSegment)
            {
                var span = buffer.FirstSpan;
                int nl = span.IndexOf((byte)'\n');
                if (nl < 0) return null;
                var text = span[..TrimmedLength(span[..nl])];
                buffer = buffer.Slice(nl + 1);
                if (text.Length == 0) continue;
                return text.ToArray();
            }
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is null) return null;
            lineSeq = buffer.Slice(0, newline.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
            byte[] line = Trimmed(lineSeq);
            if (line.Length > 0) return line;
        }
    }

    private static byte[] Trimmed(ReadOnlySequence<byte> text)
    {
        if (text.IsSingleSegment) return text.FirstSpan[..TrimmedLength(text.FirstSpan)].ToArray();
        byte[] line = text.ToArray();
        int n = TrimmedLength(line);
        return n == line.Length ? line : line.AsSpan(0, n).ToArray();
    }

    private static int TrimmedLength(ReadOnlySpan<byte> line)
    {
        int n = line.Length;
        while (n > 0 && (line[n - 1] == (byte)'\r' || line[n - 1] == (byte)' ')) n--;
        return n;
    }

    public ValueTask CompleteAsync() => _reader.CompleteAsync();
}
