// Writes JSON text the way the original (serde_json) does: compact, UTF-8 verbatim, minimal escapes.
using System.Buffers;
using System.Buffers.Text;

namespace Plasmite.Text;

/// <summary>
/// Low-level JSON text output matching serde_json's compact formatter byte for byte: strings keep
/// all non-ASCII UTF-8 verbatim and escape only <c>"</c>, <c>\</c> and control characters
/// (<c>\b \t \n \f \r</c>, others as lower-case <c>\u00xx</c>).
/// </summary>
public static class JsonText
{
    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    /// <summary>Writes <paramref name="utf8"/> as a quoted, escaped JSON string.</summary>
    public static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8)
    {
        // Worst case every byte becomes \u00xx (6 bytes) plus quotes.
        var span = output.GetSpan(utf8.Length * 6 + 2);
        int pos = 0;
        span[pos++] = (byte)'"';
        foreach (byte b in utf8)
        {
            if (b >= 0x20 && b != (byte)'"' && b != (byte)'\\')
            {
                span[pos++] = b;
                continue;
            }
            span[pos++] = (byte)'\\';
            switch (b)
            {
                case (byte)'"': span[pos++] = (byte)'"'; break;
                case (byte)'\\': span[pos++] = (byte)'\\'; break;
                case 0x08: span[pos++] = (byte)'b'; break;
                case 0x09: span[pos++] = (byte)'t'; break;
                case 0x0A: span[pos++] = (byte)'n'; break;
                case 0x0C: span[pos++] = (byte)'f'; break;
                case 0x0D: span[pos++] = (byte)'r'; break;
                default:
                    span[pos++] = (byte)'u';
                    span[pos++] = (byte)'0';
                    span[pos++] = (byte)'0';
                    span[pos++] = Hex[b >> 4];
                    span[pos++] = Hex[b & 0xF];
                    break;
            }
        }
        span[pos++] = (byte)'"';
        output.Advance(pos);
    }

    /// <summary>Writes a .NET string as a JSON string (UTF-8, serde escaping).</summary>
    public static void WriteString(IBufferWriter<byte> output, string value)
    {
        int max = System.Text.Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(max));
        int n = System.Text.Encoding.UTF8.GetBytes(value, buffer);
        WriteString(output, buffer[..n]);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    /// <summary>Writes an unsigned integer.</summary>
    public static void WriteNumber(IBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out int n);
        output.Advance(n);
    }

    /// <summary>Writes raw, already-valid JSON or punctuation bytes.</summary>
    public static void WriteRaw(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);
}
