using AgentProvision.Persistence;

namespace AgentProvision.SyncWorker.Sync;

/// <summary>
/// When the connector answers again after failing, the resources that were backing off because of it are made due at
/// once, instead of each waiting out its own exponential backoff (up to <see cref="SyncWorkerOptions.MaxBackoff"/>): a
/// backlog built up during an outage drains at the worker's capacity as soon as the outage ends. The reconciler then
/// re-sends them through the outbox, where claims are fair between tenants. At most once per <see cref="Debounce"/>,
/// so a flapping connector does not rewrite the backlog on every success. Per kind: a connector whose job calls work
/// while its notebook calls still fail must not pull the notebooks forward into failing again (each time spending an attempt).
/// The signal is the kind's first success after its failures: a new change, or the earliest backoff coming due.
/// </summary>
public sealed class ConnectorRecovery(IEnumerable<IResourceSweep> sweeps, IServiceScopeFactory scopes, TimeProvider clock, ILogger<ConnectorRecovery> logger)
{
    private static readonly TimeSpan Debounce = TimeSpan.FromSeconds(5);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, KindState> kinds = new(StringComparer.Ordinal);

    public void NoteTransientFailure(string kind) => Volatile.Write(ref kinds.GetOrAdd(kind, _ => new KindState()).FailedSinceLastSuccess, 1);

    public void NoteSuccess(string kind)
    {
        if (!kinds.TryGetValue(kind, out var state) || Volatile.Read(ref state.FailedSinceLastSuccess) == 0)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref state.LastPullTicks);
        if (now - last < Debounce.Ticks || Interlocked.CompareExchange(ref state.LastPullTicks, now, last) != last)
        {
            return;
        }

        Volatile.Write(ref state.FailedSinceLastSuccess, 0);
        _ = Task.Run(() => PullForwardAsync(kind));
    }

    private async Task PullForwardAsync(string kind)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            foreach (var sweep in sweeps.Where(s => s.Kind == kind))
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

    private sealed class KindState
    {
        public int FailedSinceLastSuccess;
        public long LastPullTicks;
    }
}
