// Reads a well-formed append body {"data":{…},"tags":[…],"durability":…} in one Utf8JsonReader pass, no JsonDocument.
using System.Text.Json;

namespace Plasmite.AspNetCore.Server;

/// <summary>
/// The fast path of <c>append</c> and each <c>append_batch</c> line. It accepts only the plain shape (an object whose
/// <c>data</c> is an object, <c>tags</c> null or an array of strings, <c>durability</c> null or a string, no repeated
/// member) and returns false for anything else, including invalid JSON: the caller then takes the
/// <see cref="JsonDocument"/> path, which produces the exact status and message. Callers check UTF-8 validity first.
/// </summary>
internal static class AppendBodyReader
{
    public static bool TryRead(ReadOnlySpan<byte> body, List<string> tags, out int dataStart, out int dataLength, out Durability durability)
    {
        dataStart = dataLength = 0;
        durability = Durability.Fast;
        tags.Clear();
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            bool haveData = false, haveTags = false, haveDurability = false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.ValueIsEscaped) return false;
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual("data"u8))
                {
                    if (haveData || reader.TokenType != JsonTokenType.StartObject) return false;
                    dataStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    dataLength = (int)reader.BytesConsumed - dataStart;
                    haveData = true;
                }
                else if (name.SequenceEqual("tags"u8))
                {
                    if (haveTags) return false;
                    haveTags = true;
                    if (reader.TokenType == JsonTokenType.Null) continue;
                    if (reader.TokenType != JsonTokenType.StartArray) return false;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.String) return false;
                        tags.Add(reader.GetString()!);
                    }
                }
                else if (name.SequenceEqual("durability"u8))
                {
                    if (haveDurability) return false;
                    haveDurability = true;
                    if (reader.TokenType == JsonTokenType.Null) continue;
                    if (reader.TokenType != JsonTokenType.String) return false;
                    if (reader.ValueTextEquals("flush"u8)) durability = Durability.Flush;
                }
                else
                {
                    reader.Skip();
                }
            }
            if (!haveData || reader.TokenType != JsonTokenType.EndObject) return false;
            return !reader.Read(); // trailing content throws (caught below)
        }
        catch (JsonException)
        {
            tags.Clear();
            return false;
        }
    }
}
