// The sample's message types: one pool ("events"), two kinds of message.
using Plasmite;

namespace Plasmite.Samples.QuickStart;

/// <summary>A user signed up. Stored with tags ["signup", "user-event"].</summary>
[PlasmiteMessage("events", Tags = new[] { "user-event" })]
public partial record Signup(string User, DateTimeOffset At);

/// <summary>A deployment happened. Stored with tags ["deploy"].</summary>
[PlasmiteMessage("events", Kind = "deploy")]
public partial record Deploy(string Sha, int Attempt, string[] Hosts);
