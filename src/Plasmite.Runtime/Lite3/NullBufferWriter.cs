// An IBufferWriter that discards everything: lets the JSON decoder double as a whole-document validator.
using System.Buffers;

namespace Plasmite.Lite3;

internal sealed class NullBufferWriter : IBufferWriter<byte>
{
    public static readonly NullBufferWriter Instance = new();

    private byte[] _sink = new byte[64 * 1024];

    public void Advance(int count)
    {
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => Sink(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => Sink(sizeHint);

    private byte[] Sink(int sizeHint)
    {
        byte[] sink = _sink;
        if (sink.Length < sizeHint)
        {
            sink = new byte[sizeHint];
            _sink = sink;
        }

        return sink;
    }
}
