// Structured log messages of consumers (LoggerMessage source generator; event ids 2100–2199).
using Microsoft.Extensions.Logging;

namespace Plasmite.Consumers.Diagnostics;

internal static partial class ConsumerLog
{
    [LoggerMessage(2100, LogLevel.Information, "Consumer {Consumer} on pool {Pool} started at seq {Seq} (checkpoint {Checkpoint})")]
    public static partial void Started(ILogger logger, string consumer, string pool, ulong seq, string checkpoint);

    [LoggerMessage(2101, LogLevel.Information, "Consumer {Consumer} on pool {Pool} stopped; checkpoint at seq {Committed}")]
    public static partial void Stopped(ILogger logger, string consumer, string pool, ulong committed);

    [LoggerMessage(2102, LogLevel.Warning, "Consumer {Consumer} on pool {Pool} fell behind the ring: {Count} messages from seq {From} were dropped before they were handled")]
    public static partial void RetentionGap(ILogger logger, string consumer, string pool, ulong from, ulong count);

    [LoggerMessage(2103, LogLevel.Warning, "Consumer {Consumer}: handler failed for seq {Seq} (attempt {Attempt} of {MaxAttempts}); retrying in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, Exception error, string consumer, ulong seq, int attempt, int maxAttempts, long delayMs);

    [LoggerMessage(2104, LogLevel.Error, "Consumer {Consumer}: seq {Seq} is a poison message ({Reason}); action: {Action}")]
    public static partial void Poison(ILogger logger, Exception? error, string consumer, ulong seq, string reason, string action);

    [LoggerMessage(2105, LogLevel.Information, "Consumer {Consumer} took over {Count} claims from workers that died or whose lease expired")]
    public static partial void Redelivered(ILogger logger, string consumer, int count);

    [LoggerMessage(2106, LogLevel.Warning, "Consumer {Consumer}: seq {Seq} was claimed but the ring dropped it before it was handled")]
    public static partial void LostClaim(ILogger logger, string consumer, ulong seq);

    [LoggerMessage(2107, LogLevel.Critical, "Consumer {Consumer} on pool {Pool} stopped and will not restart: {Reason}")]
    public static partial void Fatal(ILogger logger, Exception error, string consumer, string pool, string reason);

    [LoggerMessage(2108, LogLevel.Error, "Consumer {Consumer} on pool {Pool} failed; restarting in {DelayMs} ms")]
    public static partial void Restarting(ILogger logger, Exception error, string consumer, string pool, long delayMs);

    [LoggerMessage(2109, LogLevel.Information, "Consumer {Consumer}: the checkpoint was reset by another process; continuing from seq {Seq}")]
    public static partial void ResetSeen(ILogger logger, string consumer, ulong seq);
}
