using System.Diagnostics.Metrics;
using AgentProvision.ServiceDefaults;

namespace AgentProvision.SyncWorker.Runs;

/// <summary>
/// What the run status poller and the scheduled-run discovery cost: database queries and connector calls, as counters
/// (exported with the rest by OpenTelemetry; <c>dotnet-counters monitor -n AgentProvision.SyncWorker --counters AgentProvision</c>
/// shows them live) and as running totals the poller logs every <see cref="RunPollingOptions.StatsLogInterval"/>.
/// </summary>
public sealed class RunTrackingMetrics : IDisposable
{
    private readonly Meter meter;
    private readonly Counter<long> queries;
    private readonly Counter<long> calls;
    private readonly Counter<long> polled;
    private readonly Counter<long> finished;
    private readonly Counter<long> discovered;
    private long totalQueries;
    private long totalCalls;
    private long totalPolled;
    private long totalFinished;
    private long totalDiscovered;

    public RunTrackingMetrics(IMeterFactory meterFactory)
    {
        meter = meterFactory.Create(ServiceDefaultsExtensions.TelemetryName);
        queries = meter.CreateCounter<long>("agentprovision.runs.db_queries", description: "Database statements of the run poller and discovery.");
        calls = meter.CreateCounter<long>("agentprovision.runs.connector_calls", description: "Connector calls of the run poller and discovery.");
        polled = meter.CreateCounter<long>("agentprovision.runs.polled", description: "Run status calls that answered.");
        finished = meter.CreateCounter<long>("agentprovision.runs.finished", description: "Runs the poller saw end.");
        discovered = meter.CreateCounter<long>("agentprovision.runs.discovered", description: "Runs started by a schedule, newly recorded.");
    }

    public void RecordQueries(string component, int count = 1)
    {
        queries.Add(count, new KeyValuePair<string, object?>("component", component));
        Interlocked.Add(ref totalQueries, count);
    }

    public void RecordCall(string component, string operation, bool succeeded)
    {
        calls.Add(1, new KeyValuePair<string, object?>("component", component), new KeyValuePair<string, object?>("operation", operation),
            new KeyValuePair<string, object?>("succeeded", succeeded));
        Interlocked.Increment(ref totalCalls);
        if (succeeded && component == RunStatusPoller.Component)
        {
            polled.Add(1);
            Interlocked.Increment(ref totalPolled);
        }
    }

    public void RecordFinished(int count)
    {
        finished.Add(count);
        Interlocked.Add(ref totalFinished, count);
    }

    public void RecordDiscovered(int count)
    {
        discovered.Add(count);
        Interlocked.Add(ref totalDiscovered, count);
    }

    /// <summary>Totals since the process started.</summary>
    public RunTrackingTotals Totals => new(
        Interlocked.Read(ref totalQueries), Interlocked.Read(ref totalCalls), Interlocked.Read(ref totalPolled),
        Interlocked.Read(ref totalFinished), Interlocked.Read(ref totalDiscovered));

    public void Dispose() => meter.Dispose();
}

public sealed record RunTrackingTotals(long DbQueries, long ConnectorCalls, long Polled, long Finished, long Discovered);
