// Splits feed input into JSON records (spec cli.md §5.5 "Stream ingest modes"); pure, no pool access.
using System.Text;
using System.Text.Json;

namespace Plasmite.Cli.Ingest;

/// <summary>
/// Reads records from a byte stream in one of feed's <c>--in</c> modes. Each record is checked for JSON
/// syntax and the 1 MiB size limit only; whether it is an object is the append's business.
/// </summary>
internal sealed class RecordReader
{
    /// <summary>The per-record size limit (1 MiB).</summary>
    public const int MaxRecordBytes = 1024 * 1024;

    private const int PeekBytes = 8 * 1024;
    private const int PeekLines = 8;
    private const int SnippetBytes = 200;

    private readonly ByteSource _source;
    private readonly IngestMode _mode;
    private int _index;

    public RecordReader(Stream input, IngestMode mode)
    {
        _source = new ByteSource(input);
        _mode = mode;
        ModeName = mode.ToString().ToLowerInvariant();
    }

    /// <summary>The mode as notices name it: <c>auto</c>, <c>jsonl</c>, <c>json</c>, <c>seq</c>, <c>jq</c> or <c>event</c> (known after the first record).</summary>
    public string ModeName { get; private set; }

    /// <summary>Reads every record lazily.</summary>
    public IEnumerable<IngestRecord> ReadAll()
    {
        switch (_mode)
        {
            case IngestMode.Jsonl: return ReadLines(multiline: false);
            case IngestMode.Json: return ReadWhole();
            case IngestMode.Seq: return ReadSeq();
            case IngestMode.Jq: return ReadConcatenated();
            default: return ReadAuto();
        }
    }

    private IEnumerable<IngestRecord> ReadAuto()
    {
        var kind = Detect();
        if (kind == "seq")
        {
            ModeName = "seq";
            return ReadSeq();
        }
        if (kind == "event")
        {
            ModeName = "event";
            return ReadEvents();
        }
        return ReadLines(multiline: true);
    }

    // Peeks at up to 8 KiB / 8 lines, stopping early once the first non-blank line is complete.
    private string Detect()
    {
        while (true)
        {
            var buf = _source.Buffered;
            var window = buf.Length > PeekBytes ? buf[..PeekBytes] : buf;
            if (window.IndexOf((byte)0x1E) >= 0) return "seq";
            int lines = 0;
            int pos = 0;
            while (pos < window.Length)
            {
                int nl = window[pos..].IndexOf((byte)'\n');
                bool complete = nl >= 0;
                var line = complete ? window.Slice(pos, nl) : window[pos..];
                lines++;
                if (!IsBlank(line) && (complete || _source.Eof || window.Length >= PeekBytes))
                    return StartsWithEventField(line) ? "event" : "lines";
                if (!complete || lines >= PeekLines) break;
                pos += nl + 1;
            }
            if (lines >= PeekLines || window.Length >= PeekBytes || !_source.Fill())
            {
                // Only blank lines (or nothing) so far, or an unterminated first line at EOF.
                var rest = _source.Buffered;
                var first = FirstNonBlankLine(rest.Length > PeekBytes ? rest[..PeekBytes] : rest);
                return first.Length > 0 && StartsWithEventField(first) ? "event" : "lines";
            }
        }
    }

    private static ReadOnlySpan<byte> FirstNonBlankLine(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            int nl = data.IndexOf((byte)'\n');
            var line = nl >= 0 ? data[..nl] : data;
            if (!IsBlank(line)) return line;
            if (nl < 0) break;
            data = data[(nl + 1)..];
        }
        return [];
    }

    private static bool StartsWithEventField(ReadOnlySpan<byte> line) =>
        line.StartsWith("data:"u8) || line.StartsWith("event:"u8) || line.StartsWith("id:"u8) || line.StartsWith(":"u8);

    private IEnumerable<IngestRecord> ReadLines(bool multiline)
    {
        long lineNo = 0;
        List<byte>? pending = null;
        long pendingLine = 0;
        while (_source.TryReadLine(out var line))
        {
            lineNo++;
            if (pending is not null)
            {
                pending.Add((byte)'\n');
                pending.AddRange(line);
                if (pending.Count > MaxRecordBytes)
                {
                    yield return Fail(pendingLine, IngestFailureKind.Oversize, "record exceeds size limit", pending.ToArray());
                    pending = null;
                    continue;
                }
                if (IsBlank(line)) continue;
                var candidate = pending.ToArray();
                if (TryValidate(candidate, out _))
                {
                    pending = null;
                    yield return Ok(pendingLine, candidate);
                }
                continue;
            }
            if (IsBlank(line)) continue;
            if (line.Length > MaxRecordBytes)
            {
                yield return Fail(lineNo, IngestFailureKind.Oversize, "record exceeds size limit", line);
                continue;
            }
            if (TryValidate(line, out var error))
            {
                yield return Ok(lineNo, line);
                continue;
            }
            var trimmed = TrimStart(line);
            if (multiline && trimmed.Length > 0 && (trimmed[0] == (byte)'{' || trimmed[0] == (byte)'['))
            {
                pending = [.. line];
                pendingLine = lineNo;
                continue;
            }
            yield return Fail(lineNo, IngestFailureKind.Parse, error, line);
        }
        if (pending is not null)
        {
            var data = pending.ToArray();
            TryValidate(data, out var error);
            yield return Fail(pendingLine, IngestFailureKind.Parse, error, data);
        }
    }

    private IEnumerable<IngestRecord> ReadWhole()
    {
        var all = _source.ReadToEnd();
        if (IsBlank(all)) yield break;
        if (all.Length > MaxRecordBytes)
        {
            yield return Fail(1, IngestFailureKind.Oversize, "record exceeds size limit", all);
            yield break;
        }
        yield return TryValidate(all, out var error) ? Ok(1, all) : Fail(1, IngestFailureKind.Parse, error, all);
    }

    private IEnumerable<IngestRecord> ReadSeq()
    {
        while (_source.TryReadUntil(0x1E, out var chunk))
        {
            if (IsBlank(chunk)) continue;
            if (chunk.Length > MaxRecordBytes)
            {
                yield return Fail(null, IngestFailureKind.Oversize, "record exceeds size limit", chunk);
                continue;
            }
            yield return TryValidate(chunk, out var error) ? Ok(null, chunk) : Fail(null, IngestFailureKind.Parse, error, chunk);
        }
    }

    private IEnumerable<IngestRecord> ReadEvents()
    {
        long lineNo = 0;
        long eventLine = 0;
        List<string>? data = null;
        while (_source.TryReadLine(out var line))
        {
            lineNo++;
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    yield return EventRecord(eventLine, data);
                    data = null;
                }
                continue;
            }
            if (!line.AsSpan().StartsWith("data:"u8)) continue; // comments and other fields are ignored
            var value = line.AsSpan(5);
            if (value.Length > 0 && value[0] == (byte)' ') value = value[1..];
            if (data is null)
            {
                data = [];
                eventLine = lineNo;
            }
            data.Add(Encoding.UTF8.GetString(value));
        }
        if (data is not null) yield return EventRecord(eventLine, data);
    }

    private IngestRecord EventRecord(long line, List<string> data)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join('\n', data));
        if (bytes.Length > MaxRecordBytes) return Fail(line, IngestFailureKind.Oversize, "record exceeds size limit", bytes);
        return TryValidate(bytes, out var error) ? Ok(line, bytes) : Fail(line, IngestFailureKind.Parse, error, bytes);
    }

    // JSON values separated by any whitespace; a syntax error ends the stream (there is no way to resync).
    private IEnumerable<IngestRecord> ReadConcatenated()
    {
        while (true)
        {
            int skip = 0;
            var buf = _source.Buffered;
            while (skip < buf.Length && IsSpace(buf[skip])) skip++;
            _source.Advance(skip);
            if (_source.Buffered.Length == 0)
            {
                if (!_source.Fill()) yield break;
                continue;
            }
            int length = TryMeasureValue(_source.Buffered, _source.Eof, out string? error);
            if (length == 0 && error is null)
            {
                if (_source.Buffered.Length > MaxRecordBytes + 1024)
                {
                    var big = _source.Buffered[..Math.Min(_source.Buffered.Length, SnippetBytes)].ToArray();
                    yield return Fail(null, IngestFailureKind.Oversize, "record exceeds size limit", big);
                    yield break;
                }
                if (!_source.Fill()) length = TryMeasureValue(_source.Buffered, true, out error);
                if (length == 0 && error is null) continue;
            }
            if (error is not null)
            {
                yield return Fail(null, IngestFailureKind.Parse, error, _source.Buffered.ToArray());
                yield break;
            }
            var value = _source.Buffered[..length].ToArray();
            _source.Advance(length);
            yield return value.Length > MaxRecordBytes
                ? Fail(null, IngestFailureKind.Oversize, "record exceeds size limit", value)
                : Ok(null, value);
        }
    }

    // Length of the first complete JSON value in data; 0 with null error when more input is needed.
    private static int TryMeasureValue(ReadOnlySpan<byte> data, bool final, out string? error)
    {
        error = null;
        var reader = new Utf8JsonReader(data, final, new JsonReaderState(new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = 128 }));
        try
        {
            if (!reader.Read()) return final ? Error(out error, "unexpected end of input") : 0;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                return final ? Error(out error, "unexpected end of input") : 0;
            int consumed = (int)reader.BytesConsumed;
            // A number at the end of a non-final buffer may continue in the next read.
            if (!final && consumed == data.Length && reader.TokenType == JsonTokenType.Number) return 0;
            if (consumed < data.Length && !IsSpace(data[consumed]) && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.String))
                return Error(out error, $"invalid character after value at byte {consumed}");
            return consumed;
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return 0;
        }
    }

    private static int Error(out string? error, string message)
    {
        error = message;
        return 0;
    }

    /// <summary>Checks that <paramref name="json"/> is exactly one JSON value (whitespace around it allowed).</summary>
    public static bool TryValidate(ReadOnlySpan<byte> json, out string error)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 128 });
        try
        {
            while (reader.Read()) { }
            error = "";
            return true;
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private IngestRecord Ok(long? line, byte[] json) => new(++_index, line, json, null);

    private IngestRecord Fail(long? line, IngestFailureKind kind, string message, byte[] raw) =>
        new(++_index, line, ReadOnlyMemory<byte>.Empty, new IngestFailure(kind, message, Snippet(raw)));

    /// <summary>At most 200 bytes of the record; longer text is cut (at a character boundary) and ends with <c>...</c>.</summary>
    public static string Snippet(ReadOnlySpan<byte> raw)
    {
        if (raw.Length <= SnippetBytes) return Encoding.UTF8.GetString(raw);
        int cut = SnippetBytes - 3;
        while (cut > 0 && (raw[cut] & 0xC0) == 0x80) cut--;
        return Encoding.UTF8.GetString(raw[..cut]) + "...";
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
            if (!IsSpace(b)) return false;
        return true;
    }

    private static ReadOnlySpan<byte> TrimStart(ReadOnlySpan<byte> line)
    {
        int i = 0;
        while (i < line.Length && IsSpace(line[i])) i++;
        return line[i..];
    }
}
