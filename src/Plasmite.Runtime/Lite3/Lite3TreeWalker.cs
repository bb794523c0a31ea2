// Allocation-free in-order walk over one container's B-tree (spec §8.2), yielding entry offsets.
using System.Runtime.CompilerServices;
using static Plasmite.Lite3.Lite3Constants;
using static Plasmite.Lite3.Lite3Node;

namespace Plasmite.Lite3;

[InlineArray(MaxWalks + 1)]
internal struct WalkStack
{
    private int _element;
}

internal ref struct Lite3TreeWalker
{
    private readonly ReadOnlySpan<byte> _buf;
    private readonly byte _type;
    private WalkStack _nodes;
    private WalkStack _slots;
    private int _depth;
    private long _budget;

    /// <summary>Starts a walk of the container whose (already checked) root node is at <paramref name="root"/>.</summary>
    public Lite3TreeWalker(ReadOnlySpan<byte> buf, int root)
    {
        _buf = buf;
        _type = buf[root];
        _budget = (buf.Length / NodeSize) + 1;
        _depth = 0;
        PushLeftmost(root);
    }

    /// <summary>Advances to the next entry; returns its offset (key tag for objects, type byte for arrays), or -1 at the end.</summary>
    public long Next()
    {
        while (_depth > 0)
        {
            int node = _nodes[_depth - 1];
            int k = _slots[_depth - 1];
            if (k < KeyCount(_buf, node))
            {
                _slots[_depth - 1] = k + 1;
                long entry = Entry(_buf, node, k);
                if (Child(_buf, node, 0) != 0)
                {
                    PushLeftmost(ChildAt(node, k + 1));
                }

                return entry;
            }

            _depth--;
        }

        return -1;
    }

    private void PushLeftmost(int node)
    {
        while (true)
        {
            if (_depth > MaxWalks)
            {
                throw PlasmiteException.Corrupt("tree deeper than 9 levels (child pointer cycle?)", node);
            }

            if (--_budget < 0)
            {
                throw PlasmiteException.Corrupt("more nodes visited than the buffer can hold (shared or cyclic nodes)", node);
            }

            if (_buf[node] != _type)
            {
                throw PlasmiteException.Corrupt("child node type differs from its container", node);
            }

            _nodes[_depth] = node;
            _slots[_depth] = 0;
            _depth++;
            if (Child(_buf, node, 0) == 0)
            {
                return;
            }

            node = ChildAt(node, 0);
        }
    }

    private readonly int ChildAt(int node, int index)
    {
        long child = Child(_buf, node, index);
        if (child > _buf.Length - NodeSize)
        {
            throw PlasmiteException.Corrupt("child node offset is beyond the buffer end", node + ChildOffset + (4 * index));
        }

        return (int)child;
    }
}
