using System.Diagnostics;
using System.Diagnostics.Metrics;
using Polly.CircuitBreaker;

namespace AgentProvision.Connector;

/// <summary>
/// The connector client's instruments: calls by operation and status, their duration, and the circuit breaker's state
/// (0 closed, 1 open, 2 half-open), kept from the breaker's own callbacks.
/// </summary>
public sealed class ConnectorMetrics
{
    /// <summary>The same meter as the hosts' own instruments (ServiceDefaults' TelemetryName), so OpenTelemetry exports it.</summary>
    public const string MeterName = "AgentProvision";

    private readonly Counter<long> calls;
    private readonly Histogram<double> duration;
    private readonly Counter<long> throttled;
    private int circuitState;

    public ConnectorMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        calls = meter.CreateCounter<long>("agentprovision.connector.calls", "{call}",
            "Connector HTTP attempts by operation (e.g. notebooks.create) and status (HTTP code, or timeout/error when none came).");
        // Buckets in seconds (the SDK's defaults are for milliseconds).
        duration = meter.CreateHistogram<double>("agentprovision.connector.duration", "s", "Duration of one connector HTTP attempt.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        throttled = meter.CreateCounter<long>("agentprovision.connector.throttled", "{call}",
            "Connector calls held back by the worker's own rate limits (Mcp:Client:RateLimits) and put back for later.");
        meter.CreateObservableGauge("agentprovision.connector.circuit_state", () => Volatile.Read(ref circuitState),
            description: "The connector circuit breaker: 0 closed, 1 open, 2 half-open.");
    }

    public int CircuitState => Volatile.Read(ref circuitState);

    public void RecordCall(string operation, string status, TimeSpan elapsed)
    {
        var tags = new TagList { { "operation", operation }, { "status", status } };
        calls.Add(1, tags);
        duration.Record(elapsed.TotalSeconds, tags);
    }

    public void RecordThrottled(string operation) => throttled.Add(1, new KeyValuePair<string, object?>("operation", operation));

    public void RecordCircuit(CircuitState state) => Volatile.Write(ref circuitState, state switch
    {
        Polly.CircuitBreaker.CircuitState.Open or Polly.CircuitBreaker.CircuitState.Isolated => 1,
        Polly.CircuitBreaker.CircuitState.HalfOpen => 2,
        _ => 0,
    });
}
