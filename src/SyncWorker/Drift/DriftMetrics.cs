using System.Diagnostics.Metrics;
using AgentProvision.ServiceDefaults;

namespace AgentProvision.SyncWorker.Drift;

/// <summary>The drift check's instruments, on the same meter as <see cref="SyncMetrics"/> (exported at <c>/metrics</c>).</summary>
public sealed class DriftMetrics
{
    private readonly Counter<long> detected;
    private readonly Counter<long> listings;

    public DriftMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServiceDefaultsExtensions.TelemetryName);
        detected = meter.CreateCounter<long>("agentprovision.drift.detected",
            description: "Synced resources found deleted or changed in Databricks out of band, by kind and drift (deleted, changed), and put back in line.");
        listings = meter.CreateCounter<long>("agentprovision.drift.listings",
            description: "Listing calls (pages) the drift check made, by kind and outcome (ok, unsupported, error).");
    }

    public void RecordDetected(string kind, string drift) =>
        detected.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("drift", drift));

    public void RecordListing(string kind, string outcome) =>
        listings.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));
}
