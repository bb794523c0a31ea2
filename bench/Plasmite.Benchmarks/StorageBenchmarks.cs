// BenchmarkDotNet micro-benchmarks of the storage engine: append of a pre-encoded 1 KB payload (Fast), get, cursor step.
using BenchmarkDotNet.Attributes;
using Plasmite.Storage;

namespace Plasmite.Benchmarks;

/// <summary>Engine hot paths on a 64 MiB pool in the temp directory.</summary>
[MemoryDiagnoser]
public class StorageBenchmarks
{
    private string _dir = "";
    private PoolFile _pool = null!;
    private PoolCursor _cursor = null!;
    private readonly byte[] _payload = new byte[1024];
    private readonly byte[] _buffer = new byte[2048];
    private ulong _newest;

    /// <summary>Creates the pool and fills it.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "plasmite-bdn-" + Guid.NewGuid().ToString("N"));
        _pool = PoolFile.Create(Path.Combine(_dir, "bench.plasmite"), 64UL << 20);
        new Random(1).NextBytes(_payload);
        for (int i = 0; i < 50_000; i++) _newest = _pool.Append(_payload, (ulong)i).Seq;
        _cursor = _pool.CreateCursor();
    }

    /// <summary>Removes the pool.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _pool.Dispose();
        Directory.Delete(_dir, true);
    }

    /// <summary>Append of a pre-encoded 1 KB payload, durability Fast.</summary>
    [Benchmark]
    public ulong Append1KbFast() => _pool.Append(_payload, 1, Durability.Fast).Seq;

    /// <summary>Get of the newest message into a caller buffer (index hit).</summary>
    [Benchmark]
    public bool GetNewest() => _pool.TryRead(_pool.ReadHeader().NewestSeq, _buffer, out _) == ReadStatus.Found;

    /// <summary>Get of a message by seq allocating its payload copy.</summary>
    [Benchmark]
    public int GetAllocating() => _pool.Get(_newest - 100).Payload.Length;

    /// <summary>One cursor step (restarting at the tail when it reaches the head).</summary>
    [Benchmark]
    public CursorStatus CursorStep()
    {
        var st = _cursor.Step();
        if (st == CursorStatus.WouldBlock) _cursor.PositionAtTail();
        return st;
    }
}
