// A growable read buffer over a stream: separator-delimited chunks, peeking and read-to-end.
namespace Plasmite.Cli.Ingest;

/// <summary>Buffered byte reader used by <see cref="RecordReader"/>; never reads further than it must.</summary>
internal sealed class ByteSource(Stream stream)
{
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;

    /// <summary>True once the stream reported end of input.</summary>
    public bool Eof { get; private set; }

    /// <summary>The unread bytes currently buffered.</summary>
    public ReadOnlySpan<byte> Buffered => _buffer.AsSpan(_start, _end - _start);

    /// <summary>Reads more bytes into the buffer; false at end of input.</summary>
    public bool Fill()
    {
        if (Eof) return false;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        int n = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n <= 0)
        {
            Eof = true;
            return false;
        }
        _end += n;
        return true;
    }

    /// <summary>Marks <paramref name="count"/> buffered bytes as consumed.</summary>
    public void Advance(int count) => _start += count;

    /// <summary>The next chunk up to (not including) <paramref name="separator"/>; false when input is exhausted.</summary>
    public bool TryReadUntil(byte separator, out byte[] chunk)
    {
        int scanned = 0;
        while (true)
        {
            int idx = Buffered[scanned..].IndexOf(separator);
            if (idx >= 0)
            {
                chunk = Buffered[..(scanned + idx)].ToArray();
                Advance(scanned + idx + 1);
                return true;
            }
            scanned = _end - _start;
            if (!Fill())
            {
                if (_end - _start == 0)
                {
                    chunk = [];
                    return false;
                }
                chunk = Buffered.ToArray();
                Advance(chunk.Length);
                return true;
            }
        }
    }

    /// <summary>The next line without its <c>\n</c> or <c>\r\n</c>; false when input is exhausted.</summary>
    public bool TryReadLine(out byte[] line)
    {
        if (!TryReadUntil((byte)'\n', out line)) return false;
        if (line.Length > 0 && line[^1] == (byte)'\r') line = line[..^1];
        return true;
    }

    /// <summary>All remaining bytes.</summary>
    public byte[] ReadToEnd()
    {
        while (Fill()) { }
        var all = Buffered.ToArray();
        Advance(all.Length);
        return all;
    }
}
