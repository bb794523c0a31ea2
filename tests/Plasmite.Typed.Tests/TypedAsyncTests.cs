// The generated typed async members (Append{X}Async, Append{X}ReceiptAsync, Get{X}Async) over a local pool.
namespace Plasmite.Typed.Tests;

[Trait("Category", "Unit")]
public sealed class TypedAsyncTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "plasmite-typed-async", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    [Fact]
    public async Task Typed_async_round_trip_on_a_local_pool()
    {
        await using var client = new PlasmiteClient(_dir);
        using var events = client.Events();
        var at = new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var signup = await events.AppendSignupAsync(new Signup("dora", at), ["extra"]);
        var receipt = await events.AppendDeployReceiptAsync(new Deploy("beef", 4, ["h"]));
        Assert.Equal(["signup", "user-event", "extra"], signup.Tags);
        Assert.Equal(signup.Seq + 1, receipt.Seq);

        Assert.Equal(new Signup("dora", at), (await events.GetSignupAsync(signup.Seq))!.Data);
        var deploy = (await events.GetDeployAsync(receipt.Seq))!;
        Assert.Equal("beef", deploy.Data.Sha);
        Assert.Equal(["h"], deploy.Data.Hosts);
        Assert.Equal(receipt.TimestampNs, deploy.TimestampNs);
        Assert.Null(await events.GetDeployAsync(signup.Seq)); // another kind: null, not decoded
        Assert.Null(await events.GetSignupAsync(999)); // not retained: null

        // The async forms store what the sync forms store.
        var syncReceipt = events.AppendDeployReceipt(new Deploy("beef", 4, ["h"]));
        Assert.Equal(events.Pool.GetLite3(receipt.Seq).Payload.ToArray(), events.Pool.GetLite3(syncReceipt.Seq).Payload.ToArray());
    }

    [Fact]
    public async Task Typed_async_members_honour_cancellation_and_null_checks()
    {
        using var client = new PlasmiteClient(_dir);
        using var events = client.Events();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await events.AppendDeployAsync(new Deploy("a", 1, []), cancellationToken: cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await events.GetDeployAsync(1, cts.Token));
        Assert.Throws<ArgumentNullException>(() => { _ = events.AppendSignupReceiptAsync(null!); });
        Assert.Null(events.Pool.Info().Bounds.Newest); // nothing was appended
    }

    [Fact]
    public async Task Typed_async_get_of_data_that_does_not_fit_is_a_usage_error_with_seq()
    {
        using var client = new PlasmiteClient(_dir);
        using var events = client.Events();
        var receipt = events.Pool.AppendJson("{\"sha\":5,\"attempt\":1,\"hosts\":[]}"u8, ["deploy"]);
        var e = await Assert.ThrowsAsync<PlasmiteException>(async () => await events.GetDeployAsync(receipt.Seq));
        Assert.Equal(ErrorKind.Usage, e.Kind);
        Assert.Equal(receipt.Seq, e.Seq);
    }
}
