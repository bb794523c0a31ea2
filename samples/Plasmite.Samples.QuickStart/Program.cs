// Quick start: creates (or reuses) the "events" pool under ./data, appends typed messages, then tails them back.
// Usage: dotnet run --project samples/Plasmite.Samples.QuickStart [POOL_DIRECTORY]
using Plasmite;
using Plasmite.Samples.QuickStart;

string directory = args.Length > 0 ? args[0] : Path.Combine(Environment.CurrentDirectory, "data");
using var client = new PlasmiteClient(directory);
using var events = client.Events();                    // generated: open-or-create "events"
Console.WriteLine($"pool: {client.ResolvePath(EventsPool.PoolName)}");

// Typed appends: the generator writes the stored Lite3 document directly, no JSON text in between.
var signup = events.AppendSignup(new Signup("alice", DateTimeOffset.UtcNow));
var deploy = events.AppendDeploy(new Deploy("4f2a9c1", 1, ["web-1", "web-2"]));
// A message appended as raw JSON, as `plasmite feed events '{"user":"bob",...}' --tag signup` would:
var raw = events.Pool.AppendJson("{\"user\":\"bob\",\"at\":\"2026-01-01T00:00:00+00:00\"}"u8, ["signup"]);
Console.WriteLine($"appended seq {signup.Seq} (signup), {deploy.Seq} (deploy), {raw.Seq} (raw json)");

// Read one back by seq, typed.
Console.WriteLine($"get {signup.Seq}: {events.GetSignup(signup.Seq)?.Data}");

// Tail everything we just wrote, dispatching on the message kind.
using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
await foreach (var message in events.Tail(new TailOptions { SinceSeq = signup.Seq, MaxMessages = 3 }, timeout.Token))
{
    string line = message switch
    {
        EventsMessage.Signup s => $"signup  #{s.Seq} {s.Data.User} at {s.Data.At:u}",
        EventsMessage.Deploy d => $"deploy  #{d.Seq} {d.Data.Sha} (attempt {d.Data.Attempt}) to {string.Join(", ", d.Data.Hosts)}",
        _ => $"other   #{message.Seq} tags [{string.Join(", ", message.Tags)}]",
    };
    Console.WriteLine(line);
}

// Typed tail of one kind only.
await foreach (var s in events.TailSignup(new TailOptions { SinceSeq = signup.Seq, MaxMessages = 2 }, timeout.Token))
    Console.WriteLine($"signups: #{s.Seq} {s.Data.User}");

var info = events.Pool.Info();
Console.WriteLine($"bounds {info.Bounds.Oldest}..{info.Bounds.Newest}, {info.Metrics.MessageCount} messages, {info.Metrics.UsedPercent:0.##}% used");
