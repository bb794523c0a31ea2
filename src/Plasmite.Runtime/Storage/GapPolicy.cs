// What a tail does when messages it expected are no longer retained (spec §9.4).
namespace Plasmite;

/// <summary>How a tail reacts to a retention gap.</summary>
public enum GapPolicy
{
    /// <summary>Skip to the oldest retained message (default).</summary>
    Continue = 0,

    /// <summary>Fail with <see cref="ErrorKind.RetentionGap"/> and end the stream.</summary>
    Error = 1,
}
