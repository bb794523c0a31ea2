// Inserts for the envelope replay, whose input is already validated: keys are cut at NUL, hashed and
// UTF-8-checked by the parser, and the replay keeps containers balanced itself.
using static Plasmite.Lite3.Lite3Constants;

namespace Plasmite.Lite3;

public sealed partial class Lite3Writer
{
    /// <summary>
    /// Inserts into the current container (which the caller knows is an object when <paramref name="keyed"/>,
    /// an array otherwise) and returns the type byte offset. <paramref name="key"/> must be cut at its first
    /// NUL and <paramref name="hash"/> be its DJB2; both are ignored for elements.
    /// </summary>
    internal int PreparedSlot(bool keyed, uint hash, ReadOnlySpan<byte> key, byte type, int payload)
    {
        CheckNesting(type);
        int root = _stack[_depth - 1];
        return keyed
            ? Insert(root, isArray: false, hash, key, type, payload)
            : Insert(root, isArray: true, Lite3Node.Size(_buf, root), default, type, payload);
    }

    /// <summary>Closes the current container opened with <see cref="Push"/>.</summary>
    internal void Pop() => _depth--;
}
