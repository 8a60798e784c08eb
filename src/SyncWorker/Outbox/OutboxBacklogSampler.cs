using System.Diagnostics.Metrics;
using AgentProvision.Persistence.Outbox;
using AgentProvision.ServiceDefaults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AgentProvision.SyncWorker.Outbox;

/// <summary>
/// The outbox backlog as observable gauges: undispatched rows, the oldest one's age, parked rows. Read from PostgreSQL
/// once per <see cref="SyncWorkerOptions.MetricsSampleInterval"/>; a scrape only reads the last sample, so a scrape
/// storm never becomes a query storm. Until the first sample (or while the database is unreachable) nothing is reported.
/// </summary>
public sealed class OutboxBacklogSampler : BackgroundService
{
    private readonly NpgsqlDataSource dataSource;
    private readonly IOptions<SyncWorkerOptions> options;
    private readonly ILogger<OutboxBacklogSampler> logger;
    private volatile OutboxBacklog? last;

    public OutboxBacklogSampler(
        NpgsqlDataSource dataSource, IMeterFactory meterFactory, IOptions<SyncWorkerOptions> options, ILogger<OutboxBacklogSampler> logger)
    {
        this.dataSource = dataSource;
        this.options = options;
        this.logger = logger;
        var meter = meterFactory.Create(ServiceDefaultsExtensions.TelemetryName);
        meter.CreateObservableGauge("agentprovision.outbox.backlog", () => Observe(b => b.Undispatched),
            "{message}", "Outbox messages not yet published to RabbitMQ (parked ones excluded).");
        meter.CreateObservableGauge("agentprovision.outbox.oldest_age", () => Observe(b => b.OldestAgeSeconds),
            "s", "Age of the oldest outbox message not yet published (0 when there is none).");
        meter.CreateObservableGauge("agentprovision.outbox.parked", () => Observe(b => b.Parked),
            "{message}", "Outbox messages parked after SyncWorker:MaxPublishAttempts failed publishes, waiting for an operator's requeue.");
    }

    private IEnumerable<Measurement<T>> Observe<T>(Func<OutboxBacklog, T> value) where T : struct =>
        last is { } backlog ? [new Measurement<T>(value(backlog))] : [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                last = await OutboxBacklog.ReadAsync(dataSource, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                last = null;
                logger.LogWarning("Could not read the outbox backlog for /metrics: {Error}", exception.Message);
            }

            try
            {
                await Task.Delay(options.Value.MetricsSampleInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
