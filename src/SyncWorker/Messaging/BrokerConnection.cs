using MassTransit;

namespace AgentProvision.SyncWorker.Messaging;

/// <summary>
/// Whether the worker is connected to RabbitMQ, from MassTransit's own bus health (healthy once its receive endpoint
/// is consuming; degraded or unhealthy while it reconnects), looked at every <see cref="Interval"/>. The worker's
/// readiness says so (<see cref="BrokerHealthCheck"/>), and the outbox dispatcher waits for it instead of spending
/// publish attempts on a broker known to be away, then starts at once when it is back (<see cref="Reconnected"/>).
/// </summary>
/// <remarks>
/// MassTransit's own health check reports a reconnecting endpoint as Degraded, which ASP.NET Core answers with 200:
/// the worker looked ready all through an outage. It also raises no endpoint fault while it retries the connection,
/// so an endpoint observer never hears of the outage either; the bus health is what knows.
/// </remarks>
public sealed class BrokerConnection(IBusControl bus, ILogger<BrokerConnection> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly object gate = new();
    private DateTimeOffset? downSince = DateTimeOffset.UtcNow;
    private string? reason = "the bus is starting";
    private bool everConnected;
    private TaskCompletionSource reconnected = NewSignal();

    /// <summary>False until the bus is first healthy, and from the moment it stops being healthy until it is again.</summary>
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
    public (DateTimeOffset Since, string Reason)? Outage
    {
        get
        {
            lock (gate)
            {
                return downSince is { } since ? (since, reason ?? "unknown") : null;
            }
        }
    }

    /// <summary>Completes when the connection comes back after an outage (a fresh task after each one).</summary>
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            Observe(bus.CheckHealth());
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private void Observe(BusHealthResult health)
    {
        TaskCompletionSource? signal = null;
        lock (gate)
        {
            if (health.Status == BusHealthStatus.Healthy)
            {
                if (downSince is { } since)
                {
                    if (everConnected)
                    {
                        logger.LogInformation("RabbitMQ is reachable again after {Seconds:F1} s", (DateTimeOffset.UtcNow - since).TotalSeconds);
                    }

                    everConnected = true;
                    downSince = null;
                    reason = null;
                    signal = reconnected;
                    reconnected = NewSignal();
                }
            }
            else
            {
                if (downSince is null && everConnected)
                {
                    logger.LogWarning("RabbitMQ is not reachable: {Reason}", Describe(health));
                }

                downSince ??= DateTimeOffset.UtcNow;
                reason = Describe(health);
            }
        }

        signal?.TrySetResult();
    }

    private static string Describe(BusHealthResult health) =>
        health.Exception?.GetBaseException().Message is { } error ? $"{health.Description}: {error}" : health.Description;

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
