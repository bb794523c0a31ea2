// The one rule for "does this checkpoint belong to this pool?": identity, seq range and the anchor message's timestamp.
namespace Plasmite.Consumers.Checkpoints;

internal static class CheckpointVerifier
{
    /// <summary>Why <paramref name="state"/> cannot belong to <paramref name="pool"/> as it is now, or null when it can.</summary>
    public static string? Mismatch(ConsumerState state, PlasmitePool pool, PoolInfo info)
    {
        if (state.Pool.Mismatch(PoolIdentity.Of(pool.Path, info)) is { } why) return why;
        ulong newest = info.Bounds.Newest ?? 0;
        if (newest + 1 < state.Next)
            return $"the pool's newest seq is {newest} but the consumer already claimed up to seq {state.Next - 1}";
        if (state.AnchorSeq != 0 && pool.TryGet(state.AnchorSeq) is { } m && m.TimestampNs != state.AnchorTimeNs)
            return $"message {state.AnchorSeq} is not the one the consumer handled (its timestamp differs)";
        return null;
    }

    /// <summary>The refusal: Corrupt with the path and the documented recovery.</summary>
    public static PlasmiteException Refuse(string statePath, string name, string why) =>
        new(ErrorKind.Corrupt, $"consumer checkpoint '{name}' does not belong to this pool: {why}", path: statePath,
            hint: $"The pool was re-created or replaced, and the consumer refuses to guess where to resume. Run "
                + $"`plasmite consumer reset POOL {name}` to start over (or `--seq N` to resume at seq N).");
}
