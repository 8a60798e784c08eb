using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Resilience;
using AgentProvision.Persistence.Sync;
using AgentProvision.SyncWorker.Sync;
using Microsoft.Extensions.Options;

namespace AgentProvision.SyncWorker.Reconciliation;

/// <summary>
/// The level-triggered safety net (DESIGN.md §3): re-sends the sync message of every resource whose retry is due
/// or whose change has not settled by its deadline — a lost message, a message dropped by the broker, a worker
/// that died mid-call — for every registered kind. Claims rows with SKIP LOCKED, so several workers share the sweep.
/// It never looks at Databricks: finding synced resources changed there out of band is the drift check's
/// (<see cref="Drift.DriftCheckService"/>), which hands them back to this same path.
/// </summary>
public sealed class Reconciler(
    IEnumerable<IResourceSweep> sweeps,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<SyncWorkerOptions> options,
    IOptions<McpOptions> mcp,
    ILogger<Reconciler> logger) : BackgroundService
{
    private const int BatchSize = 100;

    /// <summary>Debug, with the resource ids a sweep held and when: lets several workers be checked for double claims.</summary>
    public static readonly EventId ClaimCommitted = new(4201, "ReconcilerClaimCommitted");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval, clock);
        do
        {
            try
            {
                int resent;
                do
                {
                    resent = await ResendDueAsync(stoppingToken);
                }
                while (resent == BatchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Reconciler sweep failed; it runs again in {Interval}", options.Value.ReconcileInterval);
            }
        }
        while (await WaitForNextTickAsync(timer, stoppingToken));
    }

    /// <summary>
    /// One bounded batch per kind, in one transaction (repeated as a whole while PostgreSQL restarts); answers the
    /// largest batch, so the caller loops while any kind is full.
    /// </summary>
    public async Task<int> ResendDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var (resent, claimedAt, claimed) = await db.InRetryableTransactionAsync(async token =>
        {
            var counts = new List<(string Kind, int Count)>();
            foreach (var sweep in sweeps)
            {
                counts.Add((sweep.Kind, await sweep.ResendDueAsync(db, BatchSize, mcp.Value.SyncDeadline, token)));
            }

            // Every row the sweeps claimed is still locked here (FOR UPDATE) and tracked by this context.
            var at = clock.GetUtcNow();
            var ids = logger.IsEnabled(LogLevel.Debug)
                ? db.ChangeTracker.Entries<SyncedResource>().Select(entry => entry.Entity.Id).ToList()
                : [];
            await db.SaveChangesAsync(token);
            return (counts, at, ids);
        }, cancellationToken);

        // Logged once committed, so a repeated attempt is not counted twice.
        foreach (var (kind, count) in resent.Where(r => r.Count > 0))
        {
            logger.LogInformation("Reconciler re-sent {Count} {Kind} resources whose retry or sync deadline was due", count, kind);
        }

        if (claimed.Count > 0)
        {
            // The interval is inside the time the locks were held; two workers' intervals for one resource never overlap.
            logger.LogDebug(ClaimCommitted, "Reconciler claim held {Count} resources from {ClaimedAt:O} to {CommittedAt:O}: {ResourceIds}",
                claimed.Count, claimedAt, clock.GetUtcNow(), string.Join(',', claimed));
        }

        return resent.Count == 0 ? 0 : resent.Max(r => r.Count);
    }

    private static async Task<bool> WaitForNextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
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
}
