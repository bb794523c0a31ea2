// Numbers fixed by the Lite3 byte format (spec lite3.md §2–§5, §10).
namespace Plasmite.Lite3;

internal static class Lite3Constants
{
    public const int NodeSize = 96;
    public const int HashOffset = 4;
    public const int SizeKcOffset = 32;
    public const int EntryOffset = 36;
    public const int ChildOffset = 64;
    public const int SlotCount = 7;
    public const int SplitSlot = 3;

    public const byte TypeNull = 0;
    public const byte TypeBool = 1;
    public const byte TypeInt64 = 2;
    public const byte TypeFloat64 = 3;
    public const byte TypeBytes = 4;
    public const byte TypeString = 5;
    public const byte TypeObject = 6;
    public const byte TypeArray = 7;
    public const byte TypeInvalid = 8;

    /// <summary>Payload length of a nested object/array value (the rest of its 96-byte node).</summary>
    public const int ContainerPayload = 95;

    /// <summary>Most containers on one path, the root counting as 1 (encode and decode).</summary>
    public const int MaxNesting = 32;

    /// <summary>Most child-pointer descents per insert, lookup or iteration.</summary>
    public const int MaxWalks = 9;

    /// <summary>Probe attempts per object key (hash + a², a = 0..127).</summary>
    public const int MaxProbes = 128;

    /// <summary>DJB2 start value.</summary>
    public const uint HashSeed = 5381;

    /// <summary>Largest buffer plasmite lets the encoder grow to (256 MiB).</summary>
    public const int MaxBufferSize = 256 * 1024 * 1024;

    /// <summary>Key size (bytes + NUL) must stay below this to fit a 4-byte key tag.</summary>
    public const int MaxKeySize = 1 << 30;

    /// <summary>Fixed payload length after the type byte, indexed by type (for string/bytes: the length field).</summary>
    public static ReadOnlySpan<byte> FixedPayload => [0, 1, 8, 8, 4, 4, 95, 95];

    /// <summary>DJB2 over the key bytes (which must already be cut at the first NUL).</summary>
    public static uint Djb2(ReadOnlySpan<byte> key)
    {
        uint h = HashSeed;
        foreach (byte b in key)
        {
            h = (h * 33) + b;
        }

        return h;
    }

    /// <summary>Key tag byte count for a key of <paramref name="keySize"/> bytes including the NUL.</summary>
    public static int KeyTagSize(int keySize) => keySize < 64 ? 1 : keySize < 16384 ? 2 : 4;
}
