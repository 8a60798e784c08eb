using AgentProvision.Persistence.Entities;

namespace AgentProvision.SyncWorker.Sync;

/// <summary>
/// Renews a resource's lease every third of its duration while an attempt runs (most attempts end long before the
/// first renewal, and cost nothing here). When a renewal finds the lease taken over, it cancels the attempt: the other
/// worker owns the resource now. A renewal that fails for another reason (the database is briefly away) is tried again
/// at the next tick; the lease's remaining two thirds cover that.
/// </summary>
internal sealed class LeaseKeeper<T> where T : SyncedResource
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public LeaseKeeper(ResourceSyncStore<T> store, T resource, TimeSpan duration, CancellationTokenSource attempt)
    {
        loop = RenewAsync(store, resource, duration, attempt);
    }

    /// <summary>True once a renewal found that another worker took the lease over.</summary>
    public bool Lost { get; private set; }

    public async Task StopAsync()
    {
        await stop.CancelAsync();
        await loop;
        stop.Dispose();
    }

    private async Task RenewAsync(ResourceSyncStore<T> store, T resource, TimeSpan duration, CancellationTokenSource attempt)
    {
        var interval = duration / 3;
        while (true)
        {
            // Stopping is the common end (the attempt finished before the first renewal): no exception for it, since
            // at hundreds of syncs a second a thrown-and-caught cancellation per attempt shows in the worker's CPU.
            await Task.Delay(interval, stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                if (!await store.RenewAsync(resource, duration, stop.Token))
                {
                    Lost = true;
                    await attempt.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // Tried again at the next tick.
            }
        }
    }
}
