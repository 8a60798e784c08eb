using System.Diagnostics.Metrics;
using AgentProvision.ServiceDefaults;

namespace AgentProvision.SyncWorker;

/// <summary>The worker's own instruments, exported with the rest by OpenTelemetry (OTLP when configured, and <c>/metrics</c>).</summary>
public sealed class SyncMetrics : IDisposable
{
    private readonly Meter meter;
    private readonly Histogram<double> syncLatency;
    private readonly Counter<long> syncs;
    private readonly Counter<long> failures;
    private readonly Counter<long> published;
    private readonly Counter<long> leasesLost;

    public SyncMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(ServiceDefaultsExtensions.TelemetryName);
        // Buckets in seconds (the SDK's defaults are for milliseconds): sub-second syncs up to retries over minutes.
        syncLatency = meter.CreateHistogram<double>("agentprovision.sync.latency", "s", "From the user's change to the resource synced in Databricks.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900] });
        syncs = meter.CreateCounter<long>("agentprovision.syncs", description: "Sync attempts by kind and outcome: synced, retry (transient failure, backing off) or failed.");
        failures = meter.CreateCounter<long>("agentprovision.sync.failures", description: "Failed sync attempts.");
        published = meter.CreateCounter<long>("agentprovision.outbox.published", description: "Outbox messages published to RabbitMQ.");
        leasesLost = meter.CreateCounter<long>("agentprovision.sync.leases_lost",
            description: "Sync attempts whose lease ran out and was taken over by another worker; their outcome was dropped.");
    }

    public void RecordSynced(string kind, TimeSpan latency)
    {
        syncLatency.Record(latency.TotalSeconds, new KeyValuePair<string, object?>("kind", kind));
        syncs.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", "synced"));
    }

    public void RecordFailure(string kind, bool transient)
    {
        failures.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("transient", transient));
        syncs.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", transient ? "retry" : "failed"));
    }

    public void RecordPublished(int count) => published.Add(count);

    public void RecordLeaseLost(string kind) => leasesLost.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Dispose() => meter.Dispose();
}
