using System.Diagnostics.Metrics;
using AgentProvision.ServiceDefaults;

namespace AgentProvision.SyncWorker;

/// <summary>The worker's own instruments, exported with the rest by OpenTelemetry.</summary>
public sealed class SyncMetrics : IDisposable
{
    private readonly Meter meter;
    private readonly Histogram<double> syncLatency;
    private readonly Counter<long> failures;
    private readonly Counter<long> published;

    public SyncMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(ServiceDefaultsExtensions.TelemetryName);
        syncLatency = meter.CreateHistogram<double>("agentprovision.sync.latency", "s", "From the user's change to the resource synced in Databricks.");
        failures = meter.CreateCounter<long>("agentprovision.sync.failures", description: "Failed sync attempts.");
        published = meter.CreateCounter<long>("agentprovision.outbox.published", description: "Outbox messages published to RabbitMQ.");
    }

    public void RecordSynced(string kind, TimeSpan latency) => syncLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("kind", kind));

    public void RecordFailure(string kind, bool transient) => failures.Add(1,
        new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("transient", transient));

    public void RecordPublished(int count) => published.Add(count);

    public void Dispose() => meter.Dispose();
}
