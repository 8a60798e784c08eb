using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentProvision.SyncWorker.Messaging;

/// <summary>
/// Readiness: a worker that cannot reach RabbitMQ can neither relay the outbox nor consume, so it is not ready (503),
/// and says since when and why. <c>/health/live</c> stays up: the process is fine and reconnects on its own.
/// </summary>
public sealed class BrokerHealthCheck(BrokerConnection broker) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(broker.Outage is { } outage
            ? HealthCheckResult.Unhealthy(
                $"RabbitMQ unreachable since {outage.Since:O} ({(DateTimeOffset.UtcNow - outage.Since).TotalSeconds:F0} s): {outage.Reason}. " +
                "Reconnecting; writes are kept in the outbox meanwhile.")
            : HealthCheckResult.Healthy("RabbitMQ connected."));
}
