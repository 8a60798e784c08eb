using AgentProvision.Persistence;

namespace AgentProvision.SyncWorker.Sync;

/// <summary>
/// When the connector answers again after failing, the resources that were backing off because of it are made due at
/// once, instead of each waiting out its own exponential backoff (up to <see cref="SyncWorkerOptions.MaxBackoff"/>): a
/// backlog built up during an outage drains at the worker's capacity as soon as the outage ends. The reconciler then
/// re-sends them through the outbox, where claims are fair between tenants. At most once per <see cref="Debounce"/>,
/// so a flapping connector does not rewrite the backlog on every success.
/// </summary>
public sealed class ConnectorRecovery(IEnumerable<IResourceSweep> sweeps, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ConnectorRecovery> logger)
{
    private static readonly TimeSpan Debounce = TimeSpan.FromSeconds(5);
    private int failedSinceLastSuccess;
    private long lastPullTicks;

    public void NoteTransientFailure() => Volatile.Write(ref failedSinceLastSuccess, 1);

    public void NoteSuccess()
    {
        if (Volatile.Read(ref failedSinceLastSuccess) == 0)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref lastPullTicks);
        if (now - last < Debounce.Ticks || Interlocked.CompareExchange(ref lastPullTicks, now, last) != last)
        {
            return;
        }

        Volatile.Write(ref failedSinceLastSuccess, 0);
        _ = Task.Run(PullForwardAsync);
    }

    private async Task PullForwardAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var sweep in sweeps)
            {
                var due = await sweep.PullForwardAsync(db, CancellationToken.None);
                if (due > 0)
                {
                    logger.LogInformation("The connector answers again: {Count} {Kind} resources backing off after its failures are due now",
                        due, sweep.Kind);
                }
            }
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not make the resources backing off after connector failures due now; they retry at their own times");
        }
    }
}
