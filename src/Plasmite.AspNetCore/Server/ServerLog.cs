// The server's structured log messages (LoggerMessage source generator).
using Microsoft.Extensions.Logging;

namespace Plasmite.AspNetCore.Server;

internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Plasmite endpoints mapped at '{Prefix}' over pool directory {Directory} (access {Access}, auth {Auth})")]
    public static partial void Mapped(ILogger logger, string prefix, string directory, ServerAccess access, string auth);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled error in {Method} {Path}; answered 500 Internal")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);
}
