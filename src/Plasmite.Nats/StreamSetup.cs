// Stream look-up and creation for the bridge, with JetStream errors mapped to Usage/Io, and stored-message helpers.
using System.Text;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Plasmite.Nats;

internal static class StreamSetup
{
    // JetStream API error codes (server errors.json).
    public const int StreamNotFound = 10059, NoMessageFound = 10037, ConsumerNotFound = 10014, WrongLastSequence = 10071;

    /// <summary>Opens <paramref name="name"/>; creates it (file storage, limits retention, 2 min duplicate window) when
    /// allowed. Checks the stream captures <paramref name="subject"/> when one is given.</summary>
    /// <exception cref="PlasmiteException">Usage: missing stream (without create), subject not captured, JetStream disabled.</exception>
    public static async Task<INatsJSStream> OpenAsync(INatsJSContext js, string name, string? subject, bool create, CancellationToken ct)
    {
        INatsJSStream stream;
        try
        {
            stream = await js.GetStreamAsync(name, cancellationToken: ct).ConfigureAwait(false);
        }
        catch (NatsJSApiException e) when (e.Error.ErrCode == StreamNotFound)
        {
            if (!create || subject is null)
                throw new PlasmiteException(ErrorKind.Usage, $"JetStream stream '{name}' does not exist",
                    hint: subject is null ? "Check the name; the exporter creates the stream when run with --create-stream."
                        : "Create it (nats stream add) or pass --create-stream.");
            stream = await CreateAsync(js, name, subject, ct).ConfigureAwait(false);
        }
        catch (NatsNoRespondersException e)
        {
            throw JetStreamDisabled(e);
        }
        catch (NatsJSApiException e) when (e.Error.Code == 503)
        {
            throw JetStreamDisabled(e);
        }
        if (subject is not null && !stream.Info.Config.Subjects!.Any(s => SubjectMatches(s, subject)))
            throw new PlasmiteException(ErrorKind.Usage, $"stream '{name}' does not capture subject '{subject}'",
                hint: $"Stream subjects: {string.Join(", ", stream.Info.Config.Subjects!)}. Pass a matching --subject.");
        return stream;
    }

    private static async Task<INatsJSStream> CreateAsync(INatsJSContext js, string name, string subject, CancellationToken ct)
    {
        var config = new StreamConfig(name, [subject])
        {
            Storage = StreamConfigStorage.File,
            Retention = StreamConfigRetention.Limits,
            Discard = StreamConfigDiscard.Old,
            DuplicateWindow = TimeSpan.FromMinutes(2),
            AllowDirect = true,
        };
        try
        {
            return await js.CreateStreamAsync(config, ct).ConfigureAwait(false);
        }
        catch (NatsJSApiException e)
        {
            throw new PlasmiteException(ErrorKind.Usage, $"cannot create stream '{name}': {e.Error.Description}", inner: e);
        }
    }

    private static PlasmiteException JetStreamDisabled(Exception e) =>
        new(ErrorKind.Usage, "JetStream is not enabled on this NATS server", hint: "Start nats-server with -js.", inner: e);

    /// <summary>NATS subject matching: <c>*</c> matches one token, <c>&gt;</c> the rest.</summary>
    public static bool SubjectMatches(string pattern, string subject)
    {
        var p = pattern.Split('.');
        var s = subject.Split('.');
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] == ">") return s.Length > i;
            if (i >= s.Length) return false;
            if (p[i] != "*" && p[i] != s[i]) return false;
        }
        return p.Length == s.Length;
    }

    /// <summary>The last message on <paramref name="subject"/>, or null when the subject holds none.</summary>
    public static async Task<StoredMessage?> LastOnSubjectAsync(INatsJSStream stream, string subject, CancellationToken ct)
    {
        try
        {
            var r = await stream.GetAsync(new StreamMsgGetRequest { LastBySubj = subject }, ct).ConfigureAwait(false);
            return r.Message;
        }
        catch (NatsJSApiException e) when (e.Error.ErrCode == NoMessageFound)
        {
            return null;
        }
    }

    /// <summary>The first message with stream seq ≥ <paramref name="seq"/> matching <paramref name="subject"/>, or null.</summary>
    public static async Task<StoredMessage?> NextOnSubjectAsync(INatsJSStream stream, ulong seq, string subject, CancellationToken ct)
    {
        try
        {
            var r = await stream.GetAsync(new StreamMsgGetRequest { Seq = seq, NextBySubj = subject }, ct).ConfigureAwait(false);
            return r.Message;
        }
        catch (NatsJSApiException e) when (e.Error.ErrCode == NoMessageFound)
        {
            return null;
        }
    }

    /// <summary>Header <paramref name="name"/> of a stored message (headers come base64-encoded, <c>NATS/1.0</c> block).</summary>
    public static string? Header(StoredMessage message, string name)
    {
        if (string.IsNullOrEmpty(message.Hdrs)) return null;
        string block = Encoding.UTF8.GetString(Convert.FromBase64String(message.Hdrs));
        string? found = null;
        foreach (var line in block.Split("\r\n"))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            if (string.Equals(line[..colon].Trim(), name, StringComparison.OrdinalIgnoreCase)) found = line[(colon + 1)..].Trim();
        }
        return found;
    }
}
