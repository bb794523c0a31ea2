// Health checks: the pool directory is writable and the named pools open and validate.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Plasmite.AspNetCore;

/// <summary>Adds Plasmite's health check to <c>AddHealthChecks()</c>.</summary>
public static class PlasmiteHealthCheckBuilderExtensions
{
    /// <summary>
    /// Adds a check (default name <c>plasmite</c>) that the registered <see cref="PlasmiteClient"/>'s directory is
    /// writable (creating it if missing, then a probe file) and that each of <paramref name="pools"/> opens and passes
    /// the full validation scan. Unhealthy with the reason otherwise. Requires <c>AddPlasmite</c>.
    /// </summary>
    public static IHealthChecksBuilder AddPlasmite(this IHealthChecksBuilder builder, IEnumerable<string>? pools = null, string name = "plasmite",
        HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        string[] names = pools?.ToArray() ?? [];
        return builder.Add(new HealthCheckRegistration(name, sp => new PlasmiteHealthCheck(sp.GetRequiredService<PlasmiteClient>(), names),
            failureStatus, tags));
    }
}

internal sealed class PlasmiteHealthCheck(PlasmiteClient client, IReadOnlyList<string> pools) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object> { ["directory"] = client.Directory };
        try
        {
            Directory.CreateDirectory(client.Directory);
            string probe = Path.Combine(client.Directory, ".plasmite-health-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, "pool directory is not writable: " + e.Message, e, data));
        }
        foreach (string pool in pools)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var handle = client.OpenPool(pool);
                var report = handle.Validate();
                if (!report.IsOk)
                    return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"pool {pool} is damaged: {report.Issues.Count} issue(s)", null, data));
            }
            catch (PlasmiteException e)
            {
                return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, $"pool {pool}: {e.Message}", e, data));
            }
        }
        data["pools"] = pools.Count;
        return Task.FromResult(HealthCheckResult.Healthy(pools.Count == 0 ? "pool directory writable" : "pool directory writable; pools valid", data));
    }
}
