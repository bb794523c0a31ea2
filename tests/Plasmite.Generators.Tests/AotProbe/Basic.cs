// Snapshot of Scenarios.Basic (../Scenarios.cs) taken for the AOT probe; the expected output in Program.cs depends on it.
using System.Text.Json.Serialization;
using Plasmite;

namespace Demo;

[PlasmiteMessage("events", Tags = new[] { "user-event" })]
public partial record Signup(string User, DateTimeOffset At);

[PlasmiteMessage("events", Kind = "deploy")]
public partial record Deploy(string Sha, int Attempt, string[] Hosts);
