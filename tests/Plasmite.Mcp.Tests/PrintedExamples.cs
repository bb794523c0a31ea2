// Runs printed output as a user would: `plasmite` on PATH, commands through bash, terminal output through script(1).
using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Plasmite.Mcp.Tests;

/// <summary>A shell with <c>plasmite</c> on PATH (a wrapper over the built CLI) and a private HOME.</summary>
internal sealed partial class Shell : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly List<Process> _started = [];

    public Shell()
    {
        Directory.CreateDirectory(BinDir);
        Directory.CreateDirectory(Home);
        string wrapper = Path.Combine(BinDir, "plasmite");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet '{McpHost.CliDll}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("plasmite-printed-").FullName;

    public string BinDir => Path.Combine(Root, "bin");

    public string Home => Path.Combine(Root, "home");

    /// <summary>Runs <paramref name="command"/> with bash (or inside a pseudo-terminal) to completion.</summary>
    public (int Code, string Out, string Err) Run(string command, string cwd, bool terminal = false)
    {
        using var p = Start(command, cwd, terminal, readyFile: null, track: false);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(Patience))
        {
            p.Kill(true);
            Assert.Fail("command did not finish: " + command);
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result.Replace("\r\n", "\n", StringComparison.Ordinal), stderr.Result);
    }

    /// <summary>Starts a long-running command; its output accumulates in the returned buffer. Stopped on dispose.</summary>
    public (Process Process, StringBuilder Output) Background(string command, string cwd, bool terminal = false, string? readyFile = null)
    {
        var p = Start(command, cwd, terminal, readyFile, track: true);
        var output = new StringBuilder();
        p.OutputDataReceived += (_, e) => { lock (output) output.Append(e.Data).Append('\n'); };
        p.ErrorDataReceived += (_, e) => { lock (output) output.Append(e.Data).Append('\n'); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return (p, output);
    }

    private Process Start(string command, string cwd, bool terminal, string? readyFile, bool track)
    {
        // script(1) gives the command a terminal (the serve banner and serve init's human text need one); `exec`
        // keeps the CLI the direct child, so SIGTERM reaches it.
        var psi = terminal ? new ProcessStartInfo("script") : new ProcessStartInfo("bash");
        if (terminal)
        {
            foreach (string a in new[] { "-qec", "exec " + command, "/dev/null" }) psi.ArgumentList.Add(a);
        }
        else
        {
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("exec " + command);
        }
        psi.WorkingDirectory = cwd;
        psi.RedirectStandardOutput = psi.RedirectStandardError = psi.RedirectStandardInput = true;
        psi.UseShellExecute = false;
        psi.Environment["PATH"] = BinDir + ":" + Environment.GetEnvironmentVariable("PATH");
        psi.Environment["HOME"] = Home;
        psi.Environment["SHELL"] = "/bin/bash";
        psi.Environment["NO_COLOR"] = "1";
        if (readyFile is not null) psi.Environment["PLASMITE_SERVE_READY_FILE"] = readyFile;
        var p = Process.Start(psi)!;
        if (track)
        {
            lock (_started) _started.Add(p);
        }
        return p;
    }

    /// <summary>Waits (polling, with a deadline) until <paramref name="path"/> exists; returns its trimmed text.</summary>
    public static string AwaitFile(string path, Process owner, StringBuilder output)
    {
        var clock = Stopwatch.StartNew();
        while (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            if (owner.HasExited || clock.Elapsed > Patience)
            {
                lock (output) Assert.Fail("server never became ready: " + output);
            }
            Thread.Sleep(50);
        }
        return File.ReadAllText(path).Trim();
    }

    /// <summary>Waits (polling, with a deadline) until <paramref name="output"/> matches <paramref name="pattern"/>.</summary>
    public static void AwaitOutput(StringBuilder output, string pattern, Process owner)
    {
        var clock = Stopwatch.StartNew();
        bool exited = false;
        while (true)
        {
            lock (output)
            {
                if (Regex.IsMatch(output.ToString(), pattern)) return;
                // After an exit, one more look once the asynchronous readers have drained.
                if (clock.Elapsed > Patience || exited) Assert.Fail($"`{pattern}` never appeared: {output}");
            }
            if (owner.HasExited)
            {
                owner.WaitForExit();
                exited = true;
                continue;
            }
            Thread.Sleep(50);
        }
    }

    /// <summary>SIGTERM to the process (the CLI itself: started with exec), killing what survives 20 s.</summary>
    public static void Stop(Process p)
    {
        if (p.HasExited) return;
        foreach (int pid in Children(p.Id).Append(p.Id)) McpHost.kill(pid, 15);
        if (!p.WaitForExit(TimeSpan.FromSeconds(20))) p.Kill(true);
    }

    private static IEnumerable<int> Children(int pid)
    {
        string file = $"/proc/{pid}/task/{pid}/children";
        if (!File.Exists(file)) return [];
        try
        {
            return File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    public void Dispose()
    {
        List<Process> started;
        lock (_started) started = [.. _started];
        foreach (var p in started)
        {
            Stop(p);
            p.Dispose();
        }
        try { Directory.Delete(Root, true); } catch (IOException) { }
    }

    /// <summary>
    /// The shell commands in printed text: lines (after joining <c>\</c> continuations) that start with
    /// <c>plasmite </c> or <c>curl </c>, also after a label such as <c>curl: </c> or <c>Start with: </c>.
    /// </summary>
    public static List<string> Commands(string text)
    {
        var joined = new List<string>();
        var current = new StringBuilder();
        foreach (string raw in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            string line = raw.Trim();
            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1].TrimEnd()).Append(' ');
                continue;
            }
            current.Append(line);
            joined.Add(current.ToString());
            current.Clear();
        }
        var commands = new List<string>();
        foreach (string line in joined)
        {
            var m = CommandPattern().Match(line);
            if (m.Success) commands.Add(m.Groups["cmd"].Value);
        }
        return commands;
    }

    /// <summary>The URLs of labelled lines such as <c>UI:   http://…</c> and <c>MCP:  http://…</c>.</summary>
    public static List<string> LabelledUrls(string text) =>
        [.. UrlLinePattern().Matches(text.Replace("\r", "", StringComparison.Ordinal)).Select(m => m.Groups["url"].Value)];

    [GeneratedRegex(@"^(?:[A-Za-z ]+:\s+)?(?<cmd>(?:plasmite|curl) .*)$")]
    private static partial Regex CommandPattern();

    [GeneratedRegex(@"^\s+(?:UI|MCP):\s+(?<url>https?://\S+)$", RegexOptions.Multiline)]
    private static partial Regex UrlLinePattern();
}

/// <summary>HTTP clients for printed URLs: a bearer token and, for TLS, trust in the one certificate a fingerprint names.</summary>
internal static class PrintedHttp
{
    public static HttpMessageHandler Handler(string? fingerprint)
    {
        var handler = new SocketsHttpHandler();
        if (fingerprint is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) =>
                cert is not null && "SHA256:" + Convert.ToHexString(SHA256.HashData(cert.GetRawCertData())) == fingerprint.Replace(":", "", StringComparison.Ordinal).Replace("SHA256", "SHA256:", StringComparison.Ordinal);
        }
        return handler;
    }

    public static HttpClient Client(string? token, string? fingerprint)
    {
        var http = new HttpClient(Handler(fingerprint)) { Timeout = Shell.Patience };
        if (token is not null) http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}
