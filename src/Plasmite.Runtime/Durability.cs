// How far an append goes before it returns: page cache only (Fast) or synchronously flushed (Flush).
namespace Plasmite;

/// <summary>How durable an append is when it returns (spec §8.4).</summary>
public enum Durability
{
    /// <summary>No flush: visible to every process at once and survives a crash of the writer process,
    /// but reaches the disk whenever the operating system writes it back.</summary>
    Fast = 0,

    /// <summary>Synchronously flushes the frame, wrap marker, index slot and header (<c>msync(MS_SYNC)</c>)
    /// before returning.</summary>
    Flush = 1,
}
