// Applies feed's --errors policy to a record stream: appends, receipts, skip notices, summary, exit code.
using System.Text.Json;
using Plasmite.Cli.Output;

namespace Plasmite.Cli.Ingest;

/// <summary>What an append returned: the receipt printed for it.</summary>
internal sealed record FeedReceipt(ulong Seq, ulong TimestampNs, IReadOnlyList<string> Tags);

/// <summary>Prints feed receipts (spec §5.5): JSON emit when piped, <c>fed seq=N at …</c> on a terminal.</summary>
internal static class ReceiptPrinter
{
    public static void Print(CliContext ctx, FeedReceipt receipt)
    {
        if (ctx.Terminal.StdoutIsTerminal)
        {
            ctx.Terminal.Out.Write(FormatHuman(receipt) + "\n");
            return;
        }
        JsonEmit.Write(ctx, ToJson(receipt));
    }

    /// <summary><c>{"meta":{"tags":[…]},"seq":N,"time":"…"}</c>, written by the SDK's <see cref="EnvelopeJson.WriteReceipt"/>.</summary>
    public static string ToJson(FeedReceipt r)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        EnvelopeJson.WriteReceipt(buffer, r.Seq, r.TimestampNs, r.Tags);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary><c>fed seq=N at 2026-02-08T12:34:56Z</c> (whole seconds) plus <c>  tags: a,b</c>.</summary>
    public static string FormatHuman(FeedReceipt r)
    {
        var time = TruncateToSeconds(Rfc3339.Format(r.TimestampNs));
        var line = $"fed seq={r.Seq} at {time}";
        if (r.Tags.Count > 0) line += "  tags: " + string.Join(",", r.Tags);
        return line;
    }

    /// <summary>Drops the fractional seconds of an RFC 3339 UTC timestamp.</summary>
    public static string TruncateToSeconds(string rfc3339)
    {
        int dot = rfc3339.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0) return rfc3339;
        int end = dot + 1;
        while (end < rfc3339.Length && char.IsAsciiDigit(rfc3339[end])) end++;
        return rfc3339[..dot] + rfc3339[end..];
    }
}

/// <summary>Runs a record stream through an append function under an error policy.</summary>
internal static class FeedIngest
{
    /// <summary>
    /// Appends every good record via <paramref name="append"/> and prints its receipt. Under <c>stop</c> the first bad
    /// record throws <c>Usage</c> (<c>invalid json input</c> / <c>record exceeds size limit</c>) and an append failure
    /// is re-raised as <c>Usage</c> with its message (upstream quirk); under <c>skip</c> bad records get an
    /// <c>ingest_skip</c> notice, append failures still abort with their own kind, and a summary notice plus exit
    /// code 1 follow when anything was skipped. No records at all is <c>Usage</c> <c>missing data input</c>.
    /// </summary>
    public static int Run(
        CliContext ctx,
        RecordReader reader,
        ErrorPolicy policy,
        Func<ReadOnlyMemory<byte>, FeedReceipt> append,
        string poolRef,
        string poolPath,
        Func<ulong>? clock = null)
    {
        clock ??= Rfc3339.NowNs;
        int ok = 0, failed = 0;
        foreach (var record in reader.ReadAll())
        {
            if (record.Failure is { } failure)
            {
                if (policy == ErrorPolicy.Stop) throw StopError(record, failure);
                failed++;
                NoticeWriter.Write(ctx, SkipNotice(record, failure, reader.ModeName, poolRef, poolPath), clock());
                continue;
            }
            FeedReceipt receipt;
            try
            {
                receipt = append(record.Json);
            }
            catch (PlasmiteException ex) when (policy == ErrorPolicy.Stop && ex.Kind != ErrorKind.Usage)
            {
                throw new PlasmiteException(ErrorKind.Usage, ex.Message, ex.Path, ex.Seq, ex.Offset, ex.Hint, ex);
            }
            ok++;
            ReceiptPrinter.Print(ctx, receipt);
        }
        if (ok + failed == 0) throw MissingDataInput();
        if (failed == 0) return 0;
        var summary = new Notice("ingest_summary", "feed",
            $"Finished with {failed} skipped record{(failed == 1 ? "" : "s")}.", poolRef,
            [new("failed", failed), new("ok", ok), new("pool_path", poolPath), new("total", ok + failed)]);
        NoticeWriter.Write(ctx, summary, clock());
        return 1;
    }

    /// <summary>The spec's "no input" error.</summary>
    public static PlasmiteException MissingDataInput() =>
        new(ErrorKind.Usage, "missing data input", hint: "Provide JSON via DATA, --file, or pipe JSON to stdin.");

    private static PlasmiteException StopError(IngestRecord record, IngestFailure failure)
    {
        var where = record.Line is { } line ? $"record {record.Index} (line {line})" : $"record {record.Index}";
        return failure.Kind == IngestFailureKind.Oversize
            ? new PlasmiteException(ErrorKind.Usage, "record exceeds size limit",
                hint: $"{Capitalize(where)} is larger than {RecordReader.MaxRecordBytes} bytes. Use --errors skip to skip oversized records.")
            : new PlasmiteException(ErrorKind.Usage, "invalid json input",
                hint: $"{Capitalize(where)} is not valid JSON ({failure.Message}). Fix the input or use --errors skip.");
    }

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>The <c>ingest_skip</c> notice for a rejected record.</summary>
    public static Notice SkipNotice(IngestRecord record, IngestFailure failure, string mode, string poolRef, string poolPath)
    {
        var message = failure.Kind switch
        {
            IngestFailureKind.Parse => "Skipped invalid JSON.",
            IngestFailureKind.Oversize => "Skipped oversized record.",
            _ => $"Skipped record: {failure.Message}.",
        };
        var details = new List<KeyValuePair<string, object?>>
        {
            new("error_kind", failure.Kind.ToString()),
            new("index", record.Index),
        };
        if (record.Line is { } line) details.Add(new("line", line));
        details.Add(new("mode", mode));
        details.Add(new("pool_path", poolPath));
        if (failure.Snippet.Length > 0) details.Add(new("snippet", failure.Snippet));
        return new Notice("ingest_skip", "feed", message, poolRef, details);
    }

    /// <summary>
    /// Parses inline DATA: invalid JSON → <c>Usage</c> <c>invalid json</c>; a non-object → <c>Usage</c> <c>data must be object</c>.
    /// </summary>
    public static void ValidateInlineData(string data)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(data, new JsonDocumentOptions { MaxDepth = 128 });
        }
        catch (JsonException ex)
        {
            throw new PlasmiteException(ErrorKind.Usage, "invalid json", hint: "Pass one JSON object, e.g. '{\"x\":1}' (quote it for your shell).", inner: ex);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new PlasmiteException(ErrorKind.Usage, "data must be object", hint: "Wrap the value in an object, e.g. '{\"value\":1}'.");
        }
    }
}

/// <summary>Retries of transient append failures (<c>--retry</c>, <c>--retry-delay</c>).</summary>
internal static class Retry
{
    /// <summary>Busy, or Io caused by an interrupted / would-block / timed-out operation.</summary>
    public static bool IsTransient(PlasmiteException ex)
    {
        if (ex.Kind == ErrorKind.Busy) return true;
        if (ex.Kind != ErrorKind.Io) return false;
        for (Exception? inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is TimeoutException) return true;
            if (inner is IOException io && (io.HResult is 4 or 11 or 110 || io.Message.Contains("interrupted", StringComparison.OrdinalIgnoreCase)
                || io.Message.Contains("would block", StringComparison.OrdinalIgnoreCase) || io.Message.Contains("timed out", StringComparison.OrdinalIgnoreCase)))
                return true;
        }
        return false;
    }

    /// <summary>Runs <paramref name="action"/>, retrying transient failures up to <paramref name="retries"/> times.</summary>
    public static T Run<T>(Func<T> action, uint retries, TimeSpan delay)
    {
        for (uint attempt = 0; ; attempt++)
        {
            try
            {
                return action();
            }
            catch (PlasmiteException ex) when (attempt < retries && IsTransient(ex))
            {
                Thread.Sleep(delay);
            }
        }
    }
}
