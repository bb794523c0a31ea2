// What a tail does when writers overwrote messages it had not read yet.
namespace Plasmite;

/// <summary>How a tail reacts to a retention gap (messages overwritten before they were read).</summary>
public enum GapPolicy
{
    /// <summary>Skip the missing messages silently and continue with the next retained one (the default).</summary>
    Continue = 0,

    /// <summary>Fail closed: throw <see cref="PlasmiteException"/> with <see cref="ErrorKind.RetentionGap"/>
    /// whose <see cref="PlasmiteException.Seq"/> is the first missing seq, then end the tail.</summary>
    Error = 1,
}
