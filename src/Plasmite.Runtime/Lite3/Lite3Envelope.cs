// The stored message document {"meta":{"tags":[…]},"data":{…}}: encoding (spec lite3.md §7.4).
using static Plasmite.Lite3.Lite3Constants;

namespace Plasmite.Lite3;

/// <summary>
/// Builds and reads the Lite3 document plasmite stores in every pool frame:
/// <c>{"meta":{"tags":[…]},"data":{…}}</c>, byte-identical to the original.
/// </summary>
public static partial class Lite3Envelope
{
    /// <summary>
    /// Encodes a message into <paramref name="writer"/> (which is reset first): the tags in the given order,
    /// then <paramref name="dataJson"/> with object keys sorted by UTF-8 bytes at every level, the last of
    /// duplicate keys winning, and numbers mapped as serde_json does.
    /// </summary>
    /// <param name="tags">The message tags, in order (duplicates kept).</param>
    /// <param name="dataJson">The message data as UTF-8 JSON; must be an object.</param>
    /// <param name="writer">Receives the document.</param>
    /// <exception cref="PlasmiteException"><see cref="ErrorKind.Usage"/>: "invalid json", "data must be object", or the document cannot be encoded.</exception>
    public static void Encode(ReadOnlySpan<string> tags, ReadOnlySpan<byte> dataJson, Lite3Writer writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        EnvelopeDataSorter sorter = EnvelopeDataSorter.Rent();
        sorter.Parse(dataJson);
        WriteMeta(tags, writer);
        writer.WriteStartObject(DataKey);
        sorter.WriteMembers(dataJson, writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// Encodes a message into <paramref name="writer"/> (which is reset first), letting
    /// <paramref name="writeData"/> write the members of the open <c>data</c> object.
    /// </summary>
    /// <typeparam name="TState">The value passed to the callback.</typeparam>
    /// <param name="tags">The message tags, in order.</param>
    /// <param name="state">The value passed to the callback.</param>
    /// <param name="writeData">Writes the data members (in UTF-8 key order to match the original's bytes).</param>
    /// <param name="writer">Receives the document.</param>
    /// <exception cref="PlasmiteException"><see cref="ErrorKind.Usage"/> when the callback leaves containers unbalanced.</exception>
    public static void Encode<TState>(ReadOnlySpan<string> tags, TState state, Lite3DataWriter<TState> writeData, Lite3Writer writer)
    {
        ArgumentNullException.ThrowIfNull(writeData);
        ArgumentNullException.ThrowIfNull(writer);
        WriteMeta(tags, writer);
        writer.WriteStartObject(DataKey);
        int data = writer.CurrentContainer;
        writeData(writer, state);
        if (writer.CurrentContainer != data)
        {
            throw PlasmiteException.Usage("lite3 writer: the data callback left containers open or closed too many");
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>Encodes a message and returns the document bytes (convenience; allocates).</summary>
    /// <param name="tags">The message tags.</param>
    /// <param name="dataJson">The message data as UTF-8 JSON; must be an object.</param>
    /// <returns>The Lite3 document.</returns>
    public static byte[] Encode(ReadOnlySpan<string> tags, ReadOnlySpan<byte> dataJson)
    {
        var writer = new Lite3Writer(Math.Max(256, dataJson.Length * 2));
        Encode(tags, dataJson, writer);
        return writer.ToArray();
    }

    internal static ReadOnlySpan<byte> MetaKey => "meta"u8;

    internal static ReadOnlySpan<byte> TagsKey => "tags"u8;

    internal static ReadOnlySpan<byte> DataKey => "data"u8;

    private static void WriteMeta(ReadOnlySpan<string> tags, Lite3Writer writer)
    {
        writer.Reset();
        writer.WriteStartObject();
        writer.WriteStartObject(MetaKey);
        writer.WriteStartArray(TagsKey);
        foreach (string tag in tags)
        {
            ArgumentNullException.ThrowIfNull(tag, nameof(tags));
            writer.WriteStringValue(tag);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
