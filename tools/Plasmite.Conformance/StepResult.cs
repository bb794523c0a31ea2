// The outcome of one step and of one manifest.
namespace Plasmite.Conformance;

internal enum StepStatus { Passed, Skipped, Failed }

internal sealed record StepResult(Step Step, StepStatus Status, string? Reason = null);

internal sealed record ManifestResult(string Name, string Path, string Mode, IReadOnlyList<StepResult> Steps, string? Error = null)
{
    public bool Passed => Error is null && Steps.All(s => s.Status != StepStatus.Failed);

    public StepResult? Failure => Steps.FirstOrDefault(s => s.Status == StepStatus.Failed);
}

/// <summary>Thrown by a step when an expectation does not hold.</summary>
internal sealed class StepFailedException(string reason) : Exception(reason);

/// <summary>Thrown by a step that cannot run against this target (reported as skipped, never as passed).</summary>
internal sealed class StepSkippedException(string reason) : Exception(reason);
