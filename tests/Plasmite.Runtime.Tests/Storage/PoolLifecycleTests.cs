// Create/open/delete/list/info and name resolution (spec §11), including every open-time error (§12.1).
using System.Buffers.Binary;
using Plasmite.Storage;
using static Plasmite.Tests.Storage.StorageTestSupport;

namespace Plasmite.Tests.Storage;

[Trait("Category", "Unit")]
public class PoolLifecycleTests
{
    [Fact]
    public void Create_and_open_pool()
    {
        using var dir = new TempDir();
        string path = dir.File("a.plasmite");
        using (var pool = PoolFile.Create(path, 1_048_576))
        {
            Assert.Equal(4096u, pool.IndexCapacity);
            Assert.Equal(PoolFormat.HeaderSize + 4096UL * PoolFormat.IndexSlotSize, pool.RingOffset);
            pool.Append("hello"u8, 5);
        }
        Assert.Equal(1_048_576, new FileInfo(path).Length);
        using var reopened = PoolFile.Open(path);
        var h = reopened.ReadHeader();
        Assert.Equal((1UL, 1UL), (h.OldestSeq, h.NewestSeq));
        Assert.Equal("hello"u8.ToArray(), reopened.Get(1).Payload);
    }

    [Fact]
    public void Create_existing_pool_returns_already_exists_without_truncating()
    {
        using var dir = new TempDir();
        string path = dir.File("a.plasmite");
        using (var pool = PoolFile.Create(path, 65_536)) pool.Append("keep"u8, 1);
        var ex = Assert.Throws<PlasmiteException>(() => PoolFile.Create(path, 8192));
        Assert.Equal(ErrorKind.AlreadyExists, ex.Kind);
        Assert.Equal("pool already exists", ex.Message);
        Assert.Equal(path, ex.Path);
        Assert.NotNull(ex.Hint);
        Assert.Equal(65_536, new FileInfo(path).Length);
        using var again = PoolFile.Open(path);
        Assert.Equal("keep"u8.ToArray(), again.Get(1).Payload);
    }

    [Fact]
    public void Invalid_layout_does_not_create_pool_file()
    {
        using var dir = new TempDir();
        string path = dir.File("sub/a.plasmite");
        var ex = Assert.Throws<PlasmiteException>(() => PoolFile.Create(path, 1024));
        Assert.Equal(ErrorKind.Usage, ex.Kind);
        Assert.Equal("file_size must exceed header and index size", ex.Message);
        Assert.Equal("Choose a file size greater than 4096 bytes.", ex.Hint);
        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(dir.File("sub")));
        Assert.Equal(ErrorKind.Usage, Assert.Throws<PlasmiteException>(() => PoolFile.Create(path, 8192, 1024)).Kind);
    }

    [Fact]
    public void Create_auto_creates_parent_dirs_and_honours_index_capacity()
    {
        using var dir = new TempDir();
        using (var pool = PoolFile.Create(dir.File("x/y/z/a.plasmite"), 65_536, 1024)) Assert.Equal(4096UL + 16 * 1024, pool.RingOffset);
        using (var pool = PoolFile.Create(dir.File("x/b.plasmite"), 65_536, 0)) Assert.Equal(4096UL, pool.RingOffset);
        Assert.True(File.Exists(dir.File("x/y/z/a.plasmite")));
    }

    [Fact]
    public void Create_reports_permission_when_parent_dir_is_not_writable()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root") return; // root ignores directory permissions
        using var dir = new TempDir();
        string ro = dir.File("ro");
        Directory.CreateDirectory(ro);
        File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var ex = Assert.Throws<PlasmiteException>(() => PoolFile.Create(System.IO.Path.Combine(ro, "sub", "a.plasmite"), 65_536));
        Assert.Equal(ErrorKind.Permission, ex.Kind);
        Assert.Contains("failed to create pool directory", ex.Message);
    }

    [Fact]
    public void Open_missing_pool_is_not_found_with_path()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<PlasmiteException>(() => PoolFile.Open(dir.File("nope.plasmite")));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Equal(dir.File("nope.plasmite"), ex.Path);
    }

    private static string WriteFile(TempDir dir, byte[] bytes, string name = "bad.plasmite")
    {
        string path = dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] FreshPoolBytes(ulong size = 65_536, uint? cap = null)
    {
        using var dir = new TempDir();
        string path = dir.File("p.plasmite");
        using (PoolFile.Create(path, size, cap))
        {
        }
        return File.ReadAllBytes(path);
    }

    public static TheoryData<string, string> HeaderMutations => new()
    {
        { "magic", "bad magic" },
        { "endianness", "unsupported endianness" },
        { "file_size_zero", "invalid file size" },
        { "file_size_other", "invalid file size" },
        { "index_offset", "invalid index offset" },
        { "ring_offset_small", "invalid ring offset" },
        { "ring_offset_mismatch", "ring offset mismatch" },
        { "ring_bounds", "ring bounds mismatch" },
        { "ring_size_overflow", "ring bounds mismatch" },
        { "head_range", "header offset out of range" },
        { "tail_next_range", "header offset out of range" },
        { "unaligned", "header offset not aligned" },
        { "inverted", "seq bounds inverted" },
        { "empty_mismatch", "empty header offsets mismatch" },
    };

    [Theory]
    [MemberData(nameof(HeaderMutations))]
    public void Open_rejects_each_header_problem_in_order_with_path(string mutation, string message)
    {
        var bytes = FreshPoolBytes();
        var s = bytes.AsSpan();
        switch (mutation)
        {
            case "magic": "NOPE"u8.CopyTo(s); break;
            case "endianness": s[8] = 2; break;
            case "file_size_zero": BinaryPrimitives.WriteUInt64LittleEndian(s[16..], 0); break;
            case "file_size_other": BinaryPrimitives.WriteUInt64LittleEndian(s[16..], 524_288); break;
            case "index_offset": BinaryPrimitives.WriteUInt64LittleEndian(s[24..], 4095); break;
            case "ring_offset_small": BinaryPrimitives.WriteUInt64LittleEndian(s[40..], 100); break;
            case "ring_offset_mismatch": BinaryPrimitives.WriteUInt64LittleEndian(s[40..], 8200); break;
            case "ring_bounds": BinaryPrimitives.WriteUInt64LittleEndian(s[48..], 100); break;
            case "ring_size_overflow": BinaryPrimitives.WriteUInt64LittleEndian(s[48..], ulong.MaxValue); break;
            case "head_range": BinaryPrimitives.WriteUInt64LittleEndian(s[64..], 57_344); break;
            case "tail_next_range": BinaryPrimitives.WriteUInt64LittleEndian(s[80..], 1UL << 60); break;
            case "unaligned":
                BinaryPrimitives.WriteUInt64LittleEndian(s[64..], 4);
                BinaryPrimitives.WriteUInt64LittleEndian(s[72..], 4);
                BinaryPrimitives.WriteUInt64LittleEndian(s[80..], 4);
                break;
            case "inverted":
                BinaryPrimitives.WriteUInt64LittleEndian(s[88..], 5);
                BinaryPrimitives.WriteUInt64LittleEndian(s[96..], 4);
                break;
            case "empty_mismatch": BinaryPrimitives.WriteUInt64LittleEndian(s[64..], 8); break;
        }
        using var dir = new TempDir();
        string path = WriteFile(dir, bytes);
        var ex = Assert.Throws<PlasmiteException>(() => PoolFile.Open(path));
        Assert.Equal(ErrorKind.Corrupt, ex.Kind);
        Assert.Equal(message, ex.Message);
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void Unsupported_version_is_usage_error()
    {
        var bytes = FreshPoolBytes();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 42);
        using var dir = new TempDir();
        string path = WriteFile(dir, bytes);
        var ex = Assert.Throws<PlasmiteException>(() => PoolFile.Open(path));
        Assert.Equal(ErrorKind.Usage, ex.Kind);
        Assert.Contains("42", ex.Message);
        Assert.Contains("3", ex.Message);
        Assert.Equal("unsupported pool format version 42 (supported: 3)", ex.Message);
        Assert.Contains("plasmite doctor", ex.Hint);
        Assert.Equal(path, ex.Path);
        var report = PoolValidator.Validate(path);
        Assert.Equal("corrupt", report.Status);
        Assert.Equal("format", report.Issues[0].Code);
    }

    [Fact]
    public void Truncated_pool_file_variants_are_rejected()
    {
        var good = FreshPoolBytes();
        byte[][] variants =
        [
            [],
            [0x50],
            "NOPE"u8.ToArray(),
            good[..(good.Length / 2)],
            good[..^128],
            new byte[4096],
        ];
        using var dir = new TempDir();
        foreach (var v in variants)
        {
            string path = WriteFile(dir, v, $"t{v.Length}.plasmite");
            var ex = Assert.Throws<PlasmiteException>(() => PoolFile.Open(path));
            Assert.Equal(ErrorKind.Corrupt, ex.Kind);
            Assert.Equal(path, ex.Path);
        }
    }

    [Fact]
    public void Names_resolve_to_paths()
    {
        Assert.Equal("/d/chat.plasmite", PoolDirectory.PathForName("chat", "/d"));
        Assert.Equal("/d/chat.plasmite", PoolDirectory.PathForName("chat.plasmite", "/d"));
        Assert.Equal("/d/chat.PLASMITE.plasmite", PoolDirectory.PathForName("chat.PLASMITE", "/d"));
        Assert.Equal("pool name must not contain path separators", Assert.Throws<PlasmiteException>(() => PoolDirectory.PathForName("a/b", "/d")).Message);
        Assert.Equal("./x.plasmite", PoolDirectory.ResolveRef("./x.plasmite", "/d"));
        Assert.Equal("/d/x.plasmite", PoolDirectory.ResolveRef("x", "/d"));
        var remote = Assert.Throws<PlasmiteException>(() => PoolDirectory.ResolveRef("http://host:9700/chat"));
        Assert.Equal(ErrorKind.Usage, remote.Kind);
        Assert.Equal("remote pool refs are not supported in v0", remote.Message);
        Assert.EndsWith(System.IO.Path.Combine(".plasmite", "pools"), PoolDirectory.DefaultDirectory);
    }

    [Fact]
    public void List_delete_and_info()
    {
        using var dir = new TempDir();
        string pools = dir.File("pools");
        Assert.Empty(PoolDirectory.ListPaths(pools));
        Assert.False(Directory.Exists(pools));
        using (PoolFile.Create(System.IO.Path.Combine(pools, "b.plasmite"), 65_536))
        using (PoolFile.Create(System.IO.Path.Combine(pools, "a.plasmite"), 65_536))
        {
        }
        File.WriteAllBytes(System.IO.Path.Combine(pools, "c.plasmite"), "NOPE"u8.ToArray());
        File.WriteAllBytes(System.IO.Path.Combine(pools, ".plasmite"), []);
        File.WriteAllBytes(System.IO.Path.Combine(pools, "notes.txt"), []);
        var list = PoolDirectory.List(pools);
        Assert.Equal(["a", "b", "c"], list.Select(e => e.Name));
        Assert.NotNull(list[0].Info);
        Assert.Equal(ErrorKind.Corrupt, list[2].Error!.Kind);

        PoolDirectory.Delete(System.IO.Path.Combine(pools, "a.plasmite"));
        Assert.Equal(2, PoolDirectory.ListPaths(pools).Count);
        var ex = Assert.Throws<PlasmiteException>(() => PoolDirectory.Delete(System.IO.Path.Combine(pools, "a.plasmite")));
        Assert.Equal(ErrorKind.NotFound, ex.Kind);
        Assert.Equal("failed to delete pool", ex.Message);
        Assert.NotNull(ex.Path);
        Assert.Equal(ErrorKind.NotFound, Assert.Throws<PlasmiteException>(() => PoolDirectory.Info(System.IO.Path.Combine(pools, "a.plasmite"))).Kind);
    }

    [Fact]
    public void Info_metrics_empty_and_non_empty()
    {
        using var dir = new TempDir();
        using var pool = PoolFile.Create(dir.File("m.plasmite"), 65_536);
        var info = pool.Info();
        Assert.True(info.Bounds.IsEmpty);
        Assert.Equal(0UL, info.Metrics.MessageCount);
        Assert.Equal(0UL, info.Metrics.UsedBytes);
        Assert.Equal(info.RingSize, info.Metrics.FreeBytes);
        Assert.Null(info.Metrics.OldestAgeMs);
        Assert.Null(info.Metrics.NewestTime);
        Assert.Equal(4096UL, info.IndexSizeBytes);

        pool.Append(new byte[100], 1_700_000_000_000_000_000);
        pool.Append(new byte[100], 1_700_000_001_500_000_000);
        info = pool.Info(1_700_000_002_000_000_000);
        Assert.Equal(new PoolBounds(1, 2), info.Bounds);
        Assert.Equal(2UL, info.Metrics.MessageCount);
        Assert.Equal(2UL, info.Metrics.SeqSpan);
        Assert.Equal(352UL, info.Metrics.UsedBytes);
        Assert.Equal(info.RingSize - 352, info.Metrics.FreeBytes);
        Assert.Equal(352UL * 10000 / 57_344, info.Metrics.UsedPercentHundredths);
        Assert.Equal("2023-11-14T22:13:20Z", info.Metrics.OldestTime);
        Assert.Equal("2023-11-14T22:13:21.5Z", info.Metrics.NewestTime);
        Assert.Equal(2000UL, info.Metrics.OldestAgeMs);
        Assert.Equal(500UL, info.Metrics.NewestAgeMs);
    }
}
