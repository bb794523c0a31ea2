// `pool create|info|list|delete` (spec cli.md §5.1–5.4): flag parsing and validation; pools via the backend.
using System.CommandLine;
using Plasmite.Cli.Execution;
using Plasmite.Cli.Values;
using Plasmite.Storage;

namespace Plasmite.Cli.Commands;

/// <summary><c>plasmite pool</c>: the group.</summary>
internal sealed class PoolCommand : PlasmiteCommand
{
    public PoolCommand()
        : base("pool", "Manage pool files")
    {
        LongAbout = "A pool is one file: a bounded ring of JSON messages. Names resolve to <dir>/<name>.plasmite;\narguments containing '/' are used as paths.";
        Add(new PoolCreateCommand());
        Add(new PoolInfoCommand());
        Add(new PoolListCommand());
        Add(new PoolDeleteCommand());
    }

    public override bool IsGroup => true;
}

internal sealed class PoolCreateCommand : PlasmiteCommand
{
    private readonly Argument<string[]> _names = Opts.Positionals("NAME", "Pool names (or paths) to create");
    private readonly Option<string?> _size = Opts.Text("--size", "SIZE", "Pool file size: bytes or K/M/G suffix, e.g. 64M [default: 1M]");
    private readonly Option<ulong?> _indexCapacity = Opts.Unsigned("--index-capacity", "N",
        "Inline index slots (16 bytes each) for fast seq lookups; 0 disables the index.\nThe index may use at most half the pool. [default: automatic]");
    private readonly Option<bool> _json = Opts.Flag("--json", "Print the created pools as JSON");

    public PoolCreateCommand()
        : base("create", "Create one or more pools")
    {
        AddArgument(_names, "NAME", required: true);
        Add(_size);
        Add(_indexCapacity);
        Add(_json);
        LongNotes = "Examples:\n  plasmite pool create chat\n  plasmite pool create --size 64M events metrics\n  plasmite pool create --json chat";
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct)
    {
        ulong size = r.GetValue(_size) is { } s ? ValueSyntax.ParseSize(s) : 1UL << 20;
        uint? capacity = null;
        if (r.GetValue(_indexCapacity) is { } n)
        {
            if (n > uint.MaxValue || n * PoolFormat.IndexSlotSize > size / 2)
                throw new PlasmiteException(ErrorKind.Usage, "index capacity is too large for pool size",
                    hint: "The index may use at most half the pool: lower --index-capacity or raise --size (e.g. 64M).");
            capacity = (uint)n;
        }
        var pools = r.GetValue(_names)!.Select(name => PoolRefs.ResolveLocal(name, ctx.PoolDir)).ToList();
        return ctx.Backend.PoolCreateAsync(ctx, new PoolCreateRequest(pools, size, capacity, r.GetValue(_json)), ct);
    }
}

internal sealed class PoolInfoCommand : PlasmiteCommand
{
    private readonly Argument<string?> _name = Opts.Positional("NAME", "Pool name or path");
    private readonly Option<bool> _json = Opts.Flag("--json", "Print the pool info object as JSON");

    public PoolInfoCommand()
        : base("info", "Show a pool's layout, bounds and usage")
    {
        AddArgument(_name, "NAME", required: true);
        Add(_json);
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct) =>
        ctx.Backend.PoolInfoAsync(ctx, new PoolInfoRequest(PoolRefs.ResolveLocal(r.GetValue(_name)!, ctx.PoolDir), r.GetValue(_json)), ct);
}

internal sealed class PoolListCommand : PlasmiteCommand
{
    private readonly Option<bool> _json = Opts.Flag("--json", "Print the pools as JSON");

    public PoolListCommand()
        : base("list", "List pools in the pool directory")
    {
        Add(_json);
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct) =>
        ctx.Backend.PoolListAsync(ctx, new PoolListRequest(ctx.PoolDir, r.GetValue(_json)), ct);
}

internal sealed class PoolDeleteCommand : PlasmiteCommand
{
    private readonly Argument<string[]> _names = Opts.Positionals("NAME", "Pool names (or paths) to delete");
    private readonly Option<bool> _json = Opts.Flag("--json", "Print deleted and failed pools as JSON");

    public PoolDeleteCommand()
        : base("delete", "Delete pool files")
    {
        AddArgument(_names, "NAME", required: true);
        Add(_json);
        Notes = "Best effort: every pool is attempted; the exit code is that of the first failure.";
    }

    public override Task<int> RunAsync(ParseResult r, CliContext ctx, CancellationToken ct) =>
        ctx.Backend.PoolDeleteAsync(ctx, new PoolDeleteRequest(r.GetValue(_names)!, r.GetValue(_json)), ct);
}
