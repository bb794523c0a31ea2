// The stdio transport of the MCP server (mcp.md §8): one JSON-RPC message per line in, one compact line out.
using Plasmite.Mcp;

namespace Plasmite.Cli.Execution;

/// <summary>Runs <c>plasmite mcp</c>: strictly sequential, no access control, EOF ends with exit 0.</summary>
internal static class McpStdio
{
    public static async Task<int> RunAsync(string directory, CancellationToken ct)
    {
        var server = new McpServer(new McpServerOptions { Directory = directory, Version = CliVersion() });
        using var input = Console.OpenStandardInput();
        using var output = Console.OpenStandardOutput();
        var line = new List<byte>(4096);
        var buffer = new byte[16384];
        while (true)
        {
            int n;
            try
            {
                n = await input.ReadAsync(buffer, ct).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new PlasmiteException(ErrorKind.Io, "failed to read MCP request", inner: e);
            }
            if (n == 0) break;
            for (int i = 0; i < n; i++)
            {
                if (buffer[i] == (byte)'\n')
                {
                    await HandleAsync(server, line, output, ct).ConfigureAwait(false);
                    line.Clear();
                }
                else line.Add(buffer[i]);
            }
        }
        await HandleAsync(server, line, output, ct).ConfigureAwait(false);
        return 0;
    }

    private static async Task HandleAsync(McpServer server, List<byte> line, Stream output, CancellationToken ct)
    {
        int end = line.Count;
        while (end > 0 && line[end - 1] is (byte)'\r' or (byte)'\n') end--;
        if (end == 0) return;
        var reply = server.HandleText(line.GetRange(0, end).ToArray());
        if (reply.Response is not { } bytes) return;
        try
        {
            await output.WriteAsync(bytes, ct).ConfigureAwait(false);
            output.WriteByte((byte)'\n');
            await output.FlushAsync(ct).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new PlasmiteException(ErrorKind.Io, "failed to write MCP message", inner: e);
        }
    }

    private static string CliVersion() =>
        typeof(McpStdio).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.1.0";
}
