using MassTransit;

namespace AgentProvision.SyncWorker.Messaging;

/// <summary>
/// Whether the worker's receive endpoint is connected to RabbitMQ, as MassTransit reports it (ready, or faulted while
/// it reconnects). The worker's readiness says so (<see cref="BrokerHealthCheck"/>), and the outbox dispatcher waits
/// for it instead of spending publish attempts on a broker that is known to be away, then starts at once when it is back.
/// </summary>
public sealed class BrokerConnection(ILogger<BrokerConnection> logger) : IReceiveEndpointObserver
{
    private readonly object gate = new();
    private DateTimeOffset? downSince;
    private string? lastError;
    private TaskCompletionSource reconnected = NewSignal();

    /// <summary>True until MassTransit reports a fault, and again once the endpoint is ready.</summary>
    public bool IsConnected
    {
        get
        {
            lock (gate)
            {
                return downSince is null;
            }
        }
    }

    /// <summary>Since when, and why, the broker is unreachable; null while connected.</summary>
    public (DateTimeOffset Since, string Error)? Outage
    {
        get
        {
            lock (gate)
            {
                return downSince is { } since ? (since, lastError ?? "unknown") : null;
            }
        }
    }

    /// <summary>Completes when the connection comes back after a fault (a fresh task after each outage).</summary>
    public Task Reconnected
    {
        get
        {
            lock (gate)
            {
                return reconnected.Task;
            }
        }
    }

    public Task Ready(ReceiveEndpointReady ready)
    {
        TaskCompletionSource? signal = null;
        lock (gate)
        {
            if (downSince is { } since)
            {
                logger.LogInformation("RabbitMQ is reachable again after {Seconds:F1} s; {Endpoint} is consuming",
                    (DateTimeOffset.UtcNow - since).TotalSeconds, ready.InputAddress);
                downSince = null;
                lastError = null;
                signal = reconnected;
                reconnected = NewSignal();
            }
        }

        signal?.TrySetResult();
        return Task.CompletedTask;
    }

    public Task Faulted(ReceiveEndpointFaulted faulted)
    {
        lock (gate)
        {
            downSince ??= DateTimeOffset.UtcNow;
            lastError = faulted.Exception?.GetBaseException().Message ?? "the receive endpoint faulted";
        }

        return Task.CompletedTask;
    }

    public Task Stopping(ReceiveEndpointStopping stopping) => Task.CompletedTask;

    public Task Completed(ReceiveEndpointCompleted completed) => Task.CompletedTask;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
