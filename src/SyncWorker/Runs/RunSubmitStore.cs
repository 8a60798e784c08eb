using AgentProvision.Contracts.Connector;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.SyncWorker.Runs;

/// <summary>
/// The submit's writes to a run row. Unlike the shared sync path's writes they are <b>not</b> guarded by the generation:
/// a cancel may bump it while a submit is in flight, and the cancel's own sync must still find what the submit did.
/// Each is guarded by the run's own state instead (no remote id yet, not finished), so none can undo another.
/// </summary>
public sealed class RunSubmitStore(AppDbContext db)
{
    /// <summary>
    /// Records that a submit is about to be sent (the intent, before the call). Answers false when there is nothing to
    /// submit any more: the run got its remote id, finished, or (unless <paramref name="evenIfCancelRequested"/>) the
    /// user asked to cancel it meanwhile.
    /// </summary>
    public async Task<bool> RecordSubmitIntentAsync(Guid runId, string metadata, bool evenIfCancelRequested, CancellationToken cancellationToken) =>
        await db.Runs
            .Where(r => r.Id == runId && r.RemoteRunId == null && r.FinishedAt == null && (evenIfCancelRequested || !r.CancelRequested))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Metadata, metadata), cancellationToken) == 1;

    /// <summary>The submit's answer, at once: the remote id, the run page, and the first poll soon.</summary>
    public async Task<bool> RecordSubmittedAsync(
        Guid runId, RunSubmitted submitted, string metadata, DateTimeOffset now, DateTimeOffset firstPoll, CancellationToken cancellationToken) =>
        await db.Runs
            .Where(r => r.Id == runId && r.RemoteRunId == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.RemoteRunId, submitted.RunId)
                .SetProperty(r => r.RunPageUrl, submitted.RunPageUrl)
                .SetProperty(r => r.NumberInJob, submitted.NumberInJob)
                .SetProperty(r => r.LifeCycleState, RunStates.Pending)
                // Databricks' start_time is the submit time; the poller replaces it with the server's.
                .SetProperty(r => r.StartTime, now)
                .SetProperty(r => r.NextPollAt, firstPoll)
                .SetProperty(r => r.Metadata, metadata), cancellationToken) == 1;

    /// <summary>A run that never reached Databricks ends here, locally, for good (cancelled, or impossible to start).</summary>
    public async Task<bool> FinishUnsubmittedAsync(
        Guid runId, string lifeCycleState, string? resultState, string message, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.Runs
            .Where(r => r.Id == runId && r.RemoteRunId == null && r.FinishedAt == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.LifeCycleState, lifeCycleState)
                .SetProperty(r => r.ResultState, resultState)
                .SetProperty(r => r.StateMessage, message)
                .SetProperty(r => r.EndTime, now)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.NextPollAt, (DateTimeOffset?)null), cancellationToken) == 1;

    /// <summary>After a cancel was sent: the poller looks at the run at once instead of at its next interval.</summary>
    public Task<int> PollSoonAsync(Guid runId, DateTimeOffset at, CancellationToken cancellationToken) =>
        db.Runs
            .Where(r => r.Id == runId && r.RemoteRunId != null && r.FinishedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.NextPollAt, at), cancellationToken);

    /// <summary>The row as it is now (the synchronizer's copy may predate a write of this attempt).</summary>
    public Task<Run?> ReloadAsync(Guid runId, CancellationToken cancellationToken) =>
        db.Runs.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
}
