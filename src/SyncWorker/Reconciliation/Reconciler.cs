using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentProvision.SyncWorker.Reconciliation;

/// <summary>
/// The level-triggered safety net (DESIGN.md §3): re-sends the sync message of every resource whose retry is due
/// or whose change has not settled by its deadline — a lost message, a message dropped by the broker, a worker
/// that died mid-call. Claims rows with SKIP LOCKED, so several workers share the sweep.
/// </summary>
public sealed class Reconciler(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<SyncWorkerOptions> options,
    IOptions<McpOptions> mcp,
    ILogger<Reconciler> logger) : BackgroundService
{
    private const int BatchSize = 100;

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
                    resent = await ResendDueNotebooksAsync(stoppingToken);
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

    public async Task<int> ResendDueNotebooksAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Notebooks
            .FromSql($"""
                SELECT * FROM notebooks
                WHERE next_attempt_at <= now() AND sync_status IN ('pending', 'syncing', 'deleting')
                ORDER BY next_attempt_at
                LIMIT {BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        foreach (var notebook in due)
        {
            if (notebook.SyncStatus == SyncStatus.Syncing)
            {
                // The attempt that was under way never reported back (its worker died, say).
                notebook.SyncStatus = SyncStatus.Pending;
            }

            db.ResendNotebookSync(notebook, clock, mcp.Value.SyncDeadline);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (due.Count > 0)
        {
            logger.LogInformation("Reconciler re-sent {Count} notebooks whose retry or sync deadline was due", due.Count);
        }

        return due.Count;
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
