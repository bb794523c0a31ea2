// The one place that turns any failure into stderr output (JSON envelope or TTY text) and an exit code.
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Plasmite.Cli.Output;

/// <summary>Maps exceptions to the spec's error envelope (cli.md §4.3) and exit codes (§4.4).</summary>
internal static class ErrorReporter
{
    /// <summary>Exit code of a <c>follow</c>/<c>duplex</c> timeout.</summary>
    public const int TimeoutExitCode = 124;

    /// <summary>The exit code for an error kind (equal to the kind's numeric value).</summary>
    public static int ExitCode(ErrorKind kind) => kind is >= ErrorKind.Internal and <= ErrorKind.RetentionGap ? (int)kind : 1;

    /// <summary>The generic hint added when an error has none, or null.</summary>
    public static string? GenericHint(ErrorKind kind) => kind switch
    {
        ErrorKind.Corrupt => "Pool appears corrupt. Recreate it or investigate with validation tooling.",
        ErrorKind.Permission => "Permission denied. Check directory permissions or use --dir to a writable location.",
        ErrorKind.Busy => "Pool is busy (another writer holds the lock). Retry with backoff.",
        ErrorKind.Io => "I/O error. Check the path, filesystem, and disk space.",
        ErrorKind.Internal => "This is likely a bug in plasmite. Retry, and if it persists report it with the command you ran.",
        _ => null,
    };

    /// <summary>Converts any exception into a <see cref="PlasmiteException"/> with a stable kind.</summary>
    public static PlasmiteException Normalize(Exception ex) => ex switch
    {
        PlasmiteException p => p,
        UnauthorizedAccessException u => new PlasmiteException(ErrorKind.Permission, "permission denied", inner: u),
        FileNotFoundException f => new PlasmiteException(ErrorKind.NotFound, "not found", path: f.FileName, inner: f),
        DirectoryNotFoundException d => new PlasmiteException(ErrorKind.NotFound, "not found", inner: d),
        IOException io => new PlasmiteException(ErrorKind.Io, "i/o error", inner: io),
        _ => new PlasmiteException(ErrorKind.Internal, ex.Message, inner: ex),
    };

    /// <summary>Messages of the underlying exception chain, outermost first, without repeats of the error's own message.</summary>
    public static List<string> Causes(PlasmiteException e)
    {
        var causes = new List<string>();
        string last = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner.Message.Length > 0 && inner.Message != last) causes.Add(inner.Message);
            last = inner.Message;
        }
        return causes;
    }

    /// <summary>Reports <paramref name="ex"/> on stderr and returns the exit code.</summary>
    public static int Report(CliContext ctx, Exception ex)
    {
        var e = Normalize(ex);
        var err = ctx.Terminal.Error;
        if (ctx.Terminal.StderrIsTerminal) err.Write(FormatHuman(e, ctx.ColorStderr));
        else err.Write(FormatJsonLine(e) + "\n");
        err.Flush();
        return ExitCode(e.Kind);
    }

    /// <summary>The compact envelope <c>{"error":{…}}</c> (no newline).</summary>
    public static string FormatJsonLine(PlasmiteException e)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WritePropertyName("error");
            WriteErrorObject(w, e);
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return JsonPrinter.Compact(doc.RootElement);
    }

    /// <summary>Writes the inner error object <c>{kind, message, hint?, path?, seq?, offset?, causes?}</c>.</summary>
    public static void WriteErrorObject(Utf8JsonWriter w, PlasmiteException e)
    {
        w.WriteStartObject();
        var causes = Causes(e);
        if (causes.Count > 0)
        {
            w.WriteStartArray("causes");
            foreach (var c in causes) w.WriteStringValue(c);
            w.WriteEndArray();
        }
        var hint = e.Hint ?? GenericHint(e.Kind);
        if (hint is not null) w.WriteString("hint", hint);
        w.WriteString("kind", e.Kind.ToString());
        w.WriteString("message", string.IsNullOrEmpty(e.Message) ? PlasmiteException.DefaultMessage(e.Kind) : e.Message);
        if (e.Offset is { } off) w.WriteNumber("offset", off);
        if (e.Path is not null) w.WriteString("path", e.Path);
        if (e.Seq is { } seq) w.WriteNumber("seq", seq);
        w.WriteEndObject();
    }

    /// <summary>The terminal form: <c>error: …</c>, then <c>hint:</c>, <c>path:</c>, <c>seq:</c>, <c>offset:</c>, <c>caused by:</c> lines.</summary>
    public static string FormatHuman(PlasmiteException e, bool color)
    {
        var sb = new StringBuilder();
        sb.Append(Ansi.Paint("error:", 31, color)).Append(' ').Append(e.Message).Append('\n');
        var hint = e.Hint ?? GenericHint(e.Kind);
        if (hint is not null) Line(sb, "hint:", hint, color);
        if (e.Path is not null) Line(sb, "path:", DisplayPath(e.Path), color);
        if (e.Seq is { } seq) Line(sb, "seq:", seq.ToString(System.Globalization.CultureInfo.InvariantCulture), color);
        if (e.Offset is { } off) Line(sb, "offset:", off.ToString(System.Globalization.CultureInfo.InvariantCulture), color);
        foreach (var c in Causes(e)) Line(sb, "caused by:", c, color);
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string label, string value, bool color) =>
        sb.Append(Ansi.Paint(label, 33, color)).Append(' ').Append(value).Append('\n');

    /// <summary>A path relative to the current directory with a <c>./</c> prefix when it lies below it.</summary>
    public static string DisplayPath(string path)
    {
        try
        {
            var cwd = Directory.GetCurrentDirectory();
            var full = System.IO.Path.GetFullPath(path);
            var rel = System.IO.Path.GetRelativePath(cwd, full);
            if (rel == "." || rel.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(rel)) return path;
            return "./" + rel;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or NotSupportedException or UnauthorizedAccessException)
        {
            return path;
        }
    }
}
