// `consumer list|info|reset POOL [NAME]`: inspect and reset the durable consumers of a local pool (Plasmite.Consumers).
using System.CommandLine;
using System.Text;
using System.Text.Json;
using Plasmite.Cli.Execution;
using Plasmite.Cli.Output;
using Plasmite.Consumers;

namespace Plasmite.Cli.Commands;

/// <summary><c>plasmite consumer</c>: the group.</summary>
internal sealed class ConsumerCommand : PlasmiteCommand
{
    public ConsumerCommand()
        : base("consumer", "Inspect and reset a pool's durable consumers")
    {
        LongAbout = "Durable consumers (Plasmite.Consumers) keep their checkpoint beside the pool, in <pool>.plasmite.consumers/<name>.json.\n"
            + "Output is JSON (compact when piped, pretty on a terminal).";
        Add(new ConsumerListCommand());
        Add(new ConsumerInfoCommand());
        Add(new ConsumerResetCommand());
    }

    public override bool IsGroup => true;

    internal static string ResolvePool(string arg, CliContext ctx)
    {
        if (PoolRefs.IsUrl(arg))
            throw new PlasmiteException(ErrorKind.Usage, "consumers are local only", hint: "Run the command on the host that holds the pool file.");
        return PoolRefs.ResolveLocal(arg, ctx.PoolDir).Path;
    }

    internal static void WriteStatus(Utf8JsonWriter w, ConsumerStatus s, bool withLeases)
    {
        w.WriteStartObject();
        w.WriteString("name", s.Name);
        w.WriteString("state_path", s.StatePath);
        if (s.CommittedSeq is { } c) w.WriteNumber("committed_seq", c); else w.WriteNull("committed_seq");
        if (s.NextSeq is { } n) w.WriteNumber("next_seq", n); else w.WriteNull("next_seq");
        if (s.Lag is { } lag) w.WriteNumber("lag", lag); else w.WriteNull("lag");
        w.WriteNumber("in_flight", s.Leases.Count);
        w.WriteNumber("active_workers", s.ActiveWorkers);
        w.WriteNumber("handled", s.Handled);
        w.WriteNumber("lost", s.Lost);
        w.WriteNumber("poisoned", s.Poisoned);
        w.WriteNumber("redelivered", s.Redelivered);
        if (s.UpdatedNs > 0) w.WriteString("updated", Rfc3339.Format((ulong)s.UpdatedNs)); else w.WriteNull("updated");
        if (s.Error is { } e)
        {
            w.WriteStartObject("error");
            w.WriteString("kind", e.Kind.ToString());
            w.WriteString("message", e.Message);
            if (e.Hint is { } h) w.WriteString("hint", h);
            w.WriteEndObject();
        }
        if (withLeases)
        {
            w.WriteStartArray("leases");
            foreach (var l in s.Leases)
            {
                w.WriteStartObject();
                w.WriteNumber("seq", l.Seq);
                w.WriteString("owner", l.Owner);
                w.WriteNumber("pid", l.Pid);
                w.WriteString("expires", Rfc3339.Format((ulong)Math.Max(0, l.ExpiresNs)));
                w.WriteNumber("deliveries", l.Deliveries);
                w.WriteBoolean("owner_alive", l.OwnerAlive);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    internal static void Emit(CliContext ctx, Action<Utf8JsonWriter> write)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms)) write(w);
        JsonEmit.Write(ctx, Encoding.UTF8.GetString(ms.ToArray()));
    }
}

internal sealed class ConsumerListCommand : PlasmiteCommand
{
    private readonly Argument<string?> _pool = Opts.Positional("POOL", "Pool name or path");

    public ConsumerListCommand()
        : base("list", "List a pool's consumers with their checkpoint, lag and in-flight claims")
    {
        AddArgument(_pool, "POOL", required: true);
        Notes = "A consumer whose checkpoint is corrupt or belongs to a re-created pool is listed with an `error` object.";
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        string path = ConsumerCommand.ResolvePool(r.GetValue(_pool)!, ctx);
        var list = ConsumerCheckpoints.List(path);
        ConsumerCommand.Emit(ctx, w =>
        {
            w.WriteStartObject();
            w.WriteString("pool", path);
            w.WriteStartArray("consumers");
            foreach (var s in list) ConsumerCommand.WriteStatus(w, s, withLeases: false);
            w.WriteEndArray();
            w.WriteEndObject();
        });
        return Task.FromResult(0);
    }
}

internal sealed class ConsumerInfoCommand : PlasmiteCommand
{
    private readonly Argument<string?> _pool = Opts.Positional("POOL", "Pool name or path");
    private readonly Argument<string?> _name = Opts.Positional("NAME", "Consumer name");

    public ConsumerInfoCommand()
        : base("info", "Show one consumer's checkpoint and its claims")
    {
        AddArgument(_pool, "POOL", required: true);
        AddArgument(_name, "NAME", required: true);
        Notes = "Exits 7 (Corrupt) when the checkpoint is damaged or belongs to a re-created pool; `consumer reset` recovers.";
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        string path = ConsumerCommand.ResolvePool(r.GetValue(_pool)!, ctx);
        var status = ConsumerCheckpoints.Info(path, r.GetValue(_name)!);
        if (status.Error is { } e) throw e;
        ConsumerCommand.Emit(ctx, w => ConsumerCommand.WriteStatus(w, status, withLeases: true));
        return Task.FromResult(0);
    }
}

internal sealed class ConsumerResetCommand : PlasmiteCommand
{
    private readonly Argument<string?> _pool = Opts.Positional("POOL", "Pool name or path");
    private readonly Argument<string?> _name = Opts.Positional("NAME", "Consumer name");
    private readonly Option<ulong?> _seq = Opts.Unsigned("--seq", "N", "Resume at seq N instead of deleting the checkpoint");
    private readonly Option<bool> _force = Opts.Flag("--force", "Reset even while running workers hold claims");

    public ConsumerResetCommand()
        : base("reset", "Reset a consumer's checkpoint (start over, or resume at --seq N)")
    {
        AddArgument(_pool, "POOL", required: true);
        AddArgument(_name, "NAME", required: true);
        Add(_seq);
        Add(_force);
        Notes = """
            Without --seq the checkpoint is deleted: the consumer starts over at its start position (oldest by default).
            This is the recovery for a corrupt checkpoint or one from a re-created pool. Refuses (exit 5) while running
            workers hold claims, unless --force.
            """;
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        string path = ConsumerCommand.ResolvePool(r.GetValue(_pool)!, ctx);
        var result = ConsumerCheckpoints.Reset(path, r.GetValue(_name)!, r.GetValue(_seq), r.GetValue(_force));
        ConsumerCommand.Emit(ctx, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", result.Name);
            w.WriteString("state_path", result.StatePath);
            w.WriteString("action", result.NextSeq is null ? "deleted" : "set");
            if (result.PreviousCommittedSeq is { } p) w.WriteNumber("previous_committed_seq", p); else w.WriteNull("previous_committed_seq");
            if (result.NextSeq is { } n) w.WriteNumber("next_seq", n); else w.WriteNull("next_seq");
            w.WriteEndObject();
        });
        return Task.FromResult(0);
    }
}
