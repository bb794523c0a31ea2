// Writes JSON text the way the original (serde_json) does: compact, UTF-8 verbatim, minimal escapes.
using System.Buffers;
using System.Buffers.Text;

namespace Plasmite.Text;

/// <summary>
/// Low-level JSON text output matching serde_json's compact formatter byte for byte: strings keep
/// all non-ASCII UTF-8 verbatim and escape only <c>"</c>, <c>\</c> and control characters
/// (<c>\b \t \n \f \r</c>, others as lower-case <c>\u00xx</c>).
/// </summary>
internal static class JsonText
{
    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    /// <summary>Writes <paramref name="utf8"/> as a quoted, escaped JSON string.</summary>
    public static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<byte> utf8)
    {
        // Worst case every byte becomes \u00xx (6 bytes) plus quotes.
        var span = output.GetSpan(utf8.Length * 6 + 2);
        span[0] = (byte)'"';
        int pos = 1 + Escape(utf8, span[1..], Hex);
        span[pos++] = (byte)'"';
        output.Advance(pos);
    }

    /// <summary>
    /// Writes the escaped body of a JSON string (no quotes) into <paramref name="destination"/>, which must hold
    /// 6 bytes per input byte: <c>"</c>, <c>\</c> and control characters are escaped (<c>\b \t \n \f \r</c>, others
    /// as <c>\u00xx</c> with the digits of <paramref name="hexDigits"/>), everything else is copied. Returns the length.
    /// </summary>
    internal static int Escape(ReadOnlySpan<byte> utf8, Span<byte> destination, ReadOnlySpan<byte> hexDigits)
    {
        int pos = 0;
        while (true)
        {
            // Copy the run that needs no escaping in one go (vectorized search), then escape one byte.
            int run = utf8.IndexOfAny(s_mustEscape);
            if (run < 0)
            {
                utf8.CopyTo(destination[pos..]);
                return pos + utf8.Length;
            }

            utf8[..run].CopyTo(destination[pos..]);
            pos += run;
            byte b = utf8[run];
            utf8 = utf8[(run + 1)..];
            destination[pos++] = (byte)'\\';
            switch (b)
            {
                case (byte)'"': destination[pos++] = (byte)'"'; break;
                case (byte)'\\': destination[pos++] = (byte)'\\'; break;
                case 0x08: destination[pos++] = (byte)'b'; break;
                case 0x09: destination[pos++] = (byte)'t'; break;
                case 0x0A: destination[pos++] = (byte)'n'; break;
                case 0x0C: destination[pos++] = (byte)'f'; break;
                case 0x0D: destination[pos++] = (byte)'r'; break;
                default:
                    destination[pos++] = (byte)'u';
                    destination[pos++] = (byte)'0';
                    destination[pos++] = (byte)'0';
                    destination[pos++] = hexDigits[b >> 4];
                    destination[pos++] = hexDigits[b & 0xF];
                    break;
            }
        }
    }

    // The bytes a JSON string must escape: '"', '\\' and the control characters.
    private static readonly System.Buffers.SearchValues<byte> s_mustEscape = System.Buffers.SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, (byte)'"', (byte)'\\']);

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

    /// <summary>A .NET string as a JSON string literal (quotes included, serde escaping), for text output.</summary>
    public static string Quote(string value)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + 16);
        WriteString(buffer, value);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
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
