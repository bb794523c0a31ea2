// Copy of Scenarios.Basic (tests/Plasmite.Generators.Tests/Scenarios.cs) for the AOT probe.
using System.Text.Json.Serialization;
using Plasmite;

namespace Demo;

[PlasmiteMessage("events", Tags = new[] { "user-event" })]
public partial record Signup(string User, DateTimeOffset At);

[PlasmiteMessage("events", Kind = "deploy")]
public partial record Deploy(string Sha, int Attempt, string[] Hosts);
