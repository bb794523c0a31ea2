// A stored message whose data does not fit its kind's type: reported by typed tails instead of ending them.
using Plasmite.Lite3;

namespace Plasmite;

/// <summary>
/// A message of a known kind whose data could not be read as that kind's type (written by another program, an older
/// version, or damaged). Typed tails report it (callback or the pool union's <c>Invalid</c> case) and keep running.
/// </summary>
public sealed class InvalidMessage
{
    private InvalidMessage(Message message, string? kind, PlasmiteException error, ReadOnlyMemory<byte> raw)
    {
        Message = message;
        Kind = kind;
        Error = error;
        Raw = raw;
    }

    /// <summary>The untyped message (lazy: its data is materialized on first access).</summary>
    public Message Message { get; }

    /// <summary>The message's seq.</summary>
    public ulong Seq => Message.Seq;

    /// <summary>The kind its tags name (null when the tags themselves could not be read).</summary>
    public string? Kind { get; }

    /// <summary>The stored tags (empty when they could not be read).</summary>
    public IReadOnlyList<string> Tags => Raw.IsEmpty ? [] : Message.Tags;

    /// <summary>The envelope as JSON (<c>seq, time, meta, data</c>); empty when the stored document is too damaged to print.</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>Why it could not be read: <see cref="ErrorKind.Usage"/> (data does not fit; message names the member path)
    /// or <see cref="ErrorKind.Corrupt"/>, with <see cref="PlasmiteException.Seq"/> set.</summary>
    public PlasmiteException Error { get; }

    /// <summary>Creates the report for a stored frame. For generated code.</summary>
    /// <param name="frame">The stored frame (copied).</param>
    /// <param name="kind">The kind its tags name, if known.</param>
    /// <param name="error">The read error.</param>
    public static InvalidMessage FromLite3(Lite3FrameView frame, string? kind, PlasmiteException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = Message.FromLite3(frame.Seq, frame.TimestampNs, frame.Payload);
        ReadOnlyMemory<byte> raw;
        try
        {
            raw = message.Raw;
        }
        catch (PlasmiteException)
        {
            raw = ReadOnlyMemory<byte>.Empty;
        }
        return new InvalidMessage(message, kind, error, raw);
    }
}
