// The validated server settings the routes read (from PlasmiteServerOptions), and the access modes.
namespace Plasmite.AspNetCore.Server;

/// <summary>Server settings after validation: what <c>ServerState.Config</c> holds.</summary>
internal sealed class ServerSettings
{
    public required string PoolDirectory { get; init; }

    public required ServerAccess Access { get; init; }

    public string? Token { get; init; }

    public required IReadOnlyList<string> CorsOrigins { get; init; }

    public required ulong MaxBodyBytes { get; init; }

    public required ulong MaxTailTimeoutMs { get; init; }

    public required int MaxTailConcurrency { get; init; }

    /// <summary>Validates <paramref name="options"/>; <paramref name="defaultDirectory"/> applies when it names none.</summary>
    /// <exception cref="PlasmiteException">Usage for an empty token, a bad CORS origin or a zero limit.</exception>
    public static ServerSettings From(PlasmiteServerOptions options, string? defaultDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Token is { Length: 0 }) throw new PlasmiteException(ErrorKind.Usage, "token must not be empty");
        if (options.MaxBodyBytes == 0) throw new PlasmiteException(ErrorKind.Usage, "max body bytes must be positive");
        if (options.MaxTailTimeoutMs == 0) throw new PlasmiteException(ErrorKind.Usage, "max tail timeout must be positive");
        if (options.MaxTailConcurrency <= 0) throw new PlasmiteException(ErrorKind.Usage, "max tail concurrency must be positive");
        return new ServerSettings
        {
            PoolDirectory = options.PoolDirectory ?? defaultDirectory ?? PlasmiteDefaults.PoolDirectory,
            Access = options.Access,
            Token = options.Token,
            CorsOrigins = Server.CorsOrigins.Normalize(options.CorsOrigins),
            MaxBodyBytes = options.MaxBodyBytes,
            MaxTailTimeoutMs = options.MaxTailTimeoutMs,
            MaxTailConcurrency = options.MaxTailConcurrency,
        };
    }
}
