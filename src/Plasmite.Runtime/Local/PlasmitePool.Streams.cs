// Factory methods for the synchronous streams.
namespace Plasmite;

public sealed partial class PlasmitePool
{
    /// <summary>Opens a blocking envelope stream (the original's <c>openStream</c>; see <see cref="PoolStream"/>).</summary>
    /// <param name="sinceSeq">First seq (inclusive); default the oldest retained.</param>
    /// <param name="maxMessages">End after this many messages.</param>
    /// <param name="timeout">Absolute deadline from now; zero yields nothing; null waits forever.</param>
    /// <param name="errorOnGap">Fail closed on retention gaps.</param>
    public MessageStream OpenStream(ulong? sinceSeq = null, ulong? maxMessages = null, TimeSpan? timeout = null, bool errorOnGap = false)
    {
        _ = File;
        return new MessageStream(this, sinceSeq, maxMessages, timeout, errorOnGap);
    }

    /// <summary>Opens a blocking stream of stored Lite3 frames (the original's <c>openLite3Stream</c>).</summary>
    public Lite3Stream OpenLite3Stream(ulong? sinceSeq = null, ulong? maxMessages = null, TimeSpan? timeout = null, bool errorOnGap = false)
    {
        _ = File;
        return new Lite3Stream(this, sinceSeq, maxMessages, timeout, errorOnGap);
    }
}
