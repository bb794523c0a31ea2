// Byte-level tests of header, frame header, wrap marker, index slot and size arithmetic (spec §3–§5, §17).
using System.Buffers.Binary;
using Plasmite.Storage;

namespace Plasmite.Tests.Storage;

[Trait("Category", "Unit")]
public class FrameFormatTests
{
    [Fact]
    public void Alignment_is_8_bytes()
    {
        Assert.Equal(0UL, PoolFormat.Align8(0));
        Assert.Equal(8UL, PoolFormat.Align8(1));
        Assert.Equal(8UL, PoolFormat.Align8(8));
        Assert.Equal(16UL, PoolFormat.Align8(9));
        Assert.Equal(80UL, PoolFormat.FrameLength(1));
        Assert.Equal(496UL, PoolFormat.FrameLength(420));
    }

    [Fact]
    public void Length_overflow_is_detected()
    {
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => PoolFormat.Align8(ulong.MaxValue)).Kind);
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => PoolFormat.FrameLength(ulong.MaxValue - 10)).Kind);
    }

    [Fact]
    public void Max_payload_is_ring_limited()
    {
        Assert.Equal(56UL, PoolFormat.MaxPayload(128));
        Assert.Equal(0UL, PoolFormat.MaxPayload(10));
        Assert.Equal(PoolFormat.AbsoluteMaxPayload, PoolFormat.MaxPayload(1UL << 40));
        Assert.Equal(48UL, PoolFormat.MaxAppendPayload(127)); // align: 48 + 72 = 120 ≤ 127
    }

    [Theory]
    [InlineData(1_048_576UL, 4096U, 69_632UL, 978_944UL)]
    [InlineData(65_536UL, 256U, 8192UL, 57_344UL)]
    [InlineData(67_108_864UL, 65_536U, 1_052_672UL, 66_056_192UL)]
    [InlineData(8192UL, 32U, 4608UL, 3584UL)]
    [InlineData(4097UL, 0U, 4096UL, 1UL)]
    [InlineData(5120UL, 0U, 4096UL, 1024UL)]
    public void Automatic_index_capacity(ulong fileSize, uint capacity, ulong ringOffset, ulong ringSize)
    {
        Assert.Equal(capacity, PoolFormat.AutoIndexCapacity(fileSize));
        var h = PoolHeader.CreateNew(fileSize, capacity);
        Assert.Equal(ringOffset, h.RingOffset);
        Assert.Equal(ringSize, h.RingSize);
    }

    [Fact]
    public void Fresh_default_header_bytes_match_the_spec()
    {
        var bytes = new byte[4096];
        PoolHeader.CreateNew(1_048_576, 4096).Encode(bytes);
        byte[] expected =
        [
            0x50, 0x4c, 0x53, 0x4d, 0x03, 0, 0, 0, 0x01, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0,
            0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x10, 0x01, 0, 0, 0, 0, 0,
            0, 0xf0, 0x0e, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, bytes[..64]);
        Assert.All(bytes[64..], b => Assert.Equal(0, b));
        Assert.Null(PoolHeader.Validate(bytes, 1_048_576, out var h));
        Assert.Equal(978_944UL, h.RingSize);
    }

    [Fact]
    public void Committed_frame_header_bytes_match_the_spec()
    {
        var bytes = new byte[64];
        FrameHeader.Committed(1, 1_700_000_000_123_456_789, 420).Encode(bytes);
        byte[] expected =
        [
            0x46, 0x52, 0x4d, 0x31, 0x02, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0,
            0x01, 0, 0, 0, 0, 0, 0, 0, 0x15, 0xcd, 0x85, 0x3d, 0xfe, 0x9c, 0x97, 0x17,
            0xa4, 0x01, 0, 0, 0x5b, 0xfe, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        Assert.Equal(expected, bytes[..48]);
        Assert.All(bytes[48..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void Header_round_trip()
    {
        var h = FrameHeader.Committed(77, 123456789, 300) with { Flags = 5 };
        var bytes = new byte[64];
        h.Encode(bytes);
        Assert.Equal(h, FrameHeader.Decode(bytes));
        Assert.Null(h.Check(1024));
    }

    [Fact]
    public void Wrap_marker_is_well_formed()
    {
        var bytes = new byte[64];
        FrameHeader.EncodeWrapMarker(bytes);
        var h = FrameHeader.Decode(bytes);
        Assert.Equal((uint)FrameState.Wrap, h.State);
        Assert.Equal(0xFFFFFFFFu, h.PayloadLengthXor);
        Assert.Equal(64u, h.HeaderLength);
        Assert.Null(h.Check(64));
    }

    [Fact]
    public void Header_rejects_torn_payload_len_and_oversized_payload()
    {
        Assert.Equal("payload length xor mismatch", (FrameHeader.Committed(1, 0, 10) with { PayloadLengthXor = 0 }).Check(1024));
        var big = FrameHeader.Committed(1, 0, (uint)PoolFormat.AbsoluteMaxPayload + 1);
        Assert.Equal("payload length exceeds max", big.Check(1UL << 40));
    }

    [Fact]
    public void Frame_decode_rejects_truncated_headers()
    {
        var bytes = new byte[64];
        FrameHeader.Committed(1, 0, 1).Encode(bytes);
        for (int n = 0; n < 64; n++)
            Assert.Equal(ErrorKind.Corrupt, Assert.Throws<PlasmiteException>(() => FrameHeader.Decode(bytes.AsSpan(0, n))).Kind);
        Assert.Equal(1UL, FrameHeader.Decode(bytes).Seq);
    }

    [Fact]
    public void Frame_header_mutation_matrix_rejects_malformed_values()
    {
        var good = new byte[64];
        FrameHeader.Committed(1, 0, 100).Encode(good);
        var cases = new List<Action<byte[]>>
        {
            b => b[0] = (byte)'X',
            b => BinaryPrimitives.WriteUInt32LittleEndian(b, 0),
            b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 4),
            b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4), 7979),
            b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), 128),
            b => b[37] ^= 1,
            b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(32), 101),
        };
        foreach (var mutate in cases)
        {
            var b = (byte[])good.Clone();
            mutate(b);
            Assert.NotNull(FrameHeader.Decode(b).Check(1024));
        }
    }

    [Fact]
    public void Index_slot_round_trip()
    {
        var bytes = new byte[16];
        new IndexSlot(1, 0).Encode(bytes);
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], bytes);
        Assert.Equal(new IndexSlot(1, 0), IndexSlot.Decode(bytes));
        Assert.Equal(4112UL, IndexSlot.FileOffsetOf(IndexSlot.SlotFor(1, 4096)));
        Assert.True(default(IndexSlot).IsEmpty);
    }

    [Fact]
    public void Used_bytes_rule()
    {
        Assert.Equal(0UL, PoolFormat.UsedBytes(1000, 0, 0, 0));
        Assert.Equal(1000UL, PoolFormat.UsedBytes(1000, 8, 8, 3));
        Assert.Equal(200UL, PoolFormat.UsedBytes(1000, 300, 100, 1));
        Assert.Equal(800UL, PoolFormat.UsedBytes(1000, 100, 300, 1));
    }
}
