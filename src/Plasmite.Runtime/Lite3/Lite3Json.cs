// Whole-document JSON ⇄ Lite3 conversion and validation (the raw path, as the original's vectors use it).
using System.Buffers;

namespace Plasmite.Lite3;

/// <summary>
/// Converts raw JSON documents to Lite3 (members in document order, duplicates overwriting, spec §7.1–7.3)
/// and Lite3 documents back to JSON text (upstream's decoder format, spec §8.3).
/// </summary>
public static class Lite3Json
{
    [ThreadStatic]
    private static Lite3Writer? t_writer;

    /// <summary>Resets <paramref name="writer"/> and encodes <paramref name="utf8Json"/> into it.</summary>
    /// <param name="utf8Json">Strict RFC 8259 JSON whose root is an object or an array.</param>
    /// <param name="writer">Receives the document.</param>
    /// <exception cref="PlasmiteException"><see cref="ErrorKind.Usage"/> when the text is not valid JSON or cannot be encoded.</exception>
    public static void Encode(ReadOnlySpan<byte> utf8Json, Lite3Writer writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        JsonToLite3.Encode(utf8Json, writer);
    }

    /// <summary>Encodes <paramref name="utf8Json"/> and returns the Lite3 bytes.</summary>
    /// <param name="utf8Json">Strict JSON whose root is an object or an array.</param>
    /// <returns>A new array holding the document.</returns>
    public static byte[] Encode(ReadOnlySpan<byte> utf8Json)
    {
        Lite3Writer writer = t_writer ??= new Lite3Writer();
        JsonToLite3.Encode(utf8Json, writer);
        return writer.ToArray();
    }

    /// <summary>Encodes <paramref name="utf8Json"/> into <paramref name="destination"/>.</summary>
    /// <param name="utf8Json">Strict JSON whose root is an object or an array.</param>
    /// <param name="destination">Receives the document.</param>
    /// <param name="bytesWritten">The document length, or 0 when it does not fit.</param>
    /// <returns>False when <paramref name="destination"/> is too small.</returns>
    public static bool TryEncode(ReadOnlySpan<byte> utf8Json, Span<byte> destination, out int bytesWritten)
    {
        Lite3Writer writer = t_writer ??= new Lite3Writer();
        JsonToLite3.Encode(utf8Json, writer);
        if (writer.Length > destination.Length)
        {
            bytesWritten = 0;
            return false;
        }

        writer.WrittenSpan.CopyTo(destination);
        bytesWritten = writer.Length;
        return true;
    }

    /// <summary>Writes the whole document as compact JSON text (upstream's decoder output, spec §8.3).</summary>
    /// <param name="lite3">The document.</param>
    /// <param name="output">Receives UTF-8 JSON.</param>
    /// <exception cref="PlasmiteException"><see cref="ErrorKind.Corrupt"/> (with <see cref="PlasmiteException.Offset"/>) when the document is malformed.</exception>
    public static void WriteJson(ReadOnlySpan<byte> lite3, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Lite3JsonDecoder.WriteRoot(lite3, output, FloatStyle.Lite3, sortKeys: false, errorPrefix: null);
    }

    /// <summary>Returns the whole document as compact JSON text (upstream's decoder output).</summary>
    /// <param name="lite3">The document.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJsonString(ReadOnlySpan<byte> lite3)
    {
        var output = new ArrayBufferWriter<byte>(Math.Max(256, lite3.Length));
        WriteJson(lite3, output);
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>
    /// Checks that the whole document can be read and converted to JSON (bounds, types, UTF-8, finite
    /// numbers, nesting and tree-height limits).
    /// </summary>
    /// <param name="lite3">The document.</param>
    /// <exception cref="PlasmiteException"><see cref="ErrorKind.Corrupt"/> saying what is wrong and at which offset.</exception>
    public static void Validate(ReadOnlySpan<byte> lite3) =>
        Lite3JsonDecoder.WriteRoot(lite3, NullBufferWriter.Instance, FloatStyle.Lite3, sortKeys: false, errorPrefix: null);
}
