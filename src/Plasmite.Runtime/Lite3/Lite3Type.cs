// The value types a Lite3 document can hold (spec lite3.md §2).
namespace Plasmite.Lite3;

/// <summary>The type tag of a Lite3 value.</summary>
public enum Lite3Type : byte
{
    /// <summary>JSON null.</summary>
    Null = 0,

    /// <summary>A boolean (one payload byte, non-zero is true).</summary>
    Boolean = 1,

    /// <summary>A signed 64-bit integer.</summary>
    Int64 = 2,

    /// <summary>An IEEE-754 binary64 number.</summary>
    Float64 = 3,

    /// <summary>Raw bytes (printed as base64 in JSON).</summary>
    Bytes = 4,

    /// <summary>A UTF-8 string.</summary>
    String = 5,

    /// <summary>An object (B-tree of keyed members).</summary>
    Object = 6,

    /// <summary>An array (B-tree keyed by index).</summary>
    Array = 7,
}
