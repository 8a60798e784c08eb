using System.Text.Json;
using AgentProvision.Connector;
using AgentProvision.Contracts.Connector;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.SyncWorker.Sync;
using Microsoft.Extensions.Options;

namespace AgentProvision.SyncWorker.Runs;

/// <summary>
/// Starts a run in Databricks (generation 1) and cancels it (a later generation), on the shared sync path and under its
/// per-resource lock. A submit is the one call that cannot be looked up by name afterwards, so exactly-once rests on two
/// rules. First, every submit carries a token derived from the run's id (<see cref="Run.IdempotencyTokenFor"/>), and a
/// server that honours it answers the same run however often it is sent. Second, a submit whose outcome is unknown (an
/// earlier attempt was sent and its answer lost) is sent again only when the server is known to honour that token;
/// otherwise the run fails with RUN_OUTCOME_UNKNOWN for an operator, never started twice (docs/connector-contract.md).
/// </summary>
public sealed class RunProvisioner(
    ConnectorClient connector,
    ConnectorExtensionSupport extensions,
    AppDbContext db,
    RunSubmitStore store,
    RunTargets targets,
    IdempotencyEvidence evidence,
    IOptions<RunPollingOptions> polling,
    TimeProvider clock,
    ILogger<RunProvisioner> logger) : IResourceProvisioner<Run>
{
    public const string OutcomeUnknownCode = "RUN_OUTCOME_UNKNOWN";
    public const string CancelledBeforeSubmit = "Cancelled before it was submitted";

    public async Task<string> EnsureAsync(Run run, CancellationToken cancellationToken)
    {
        if (run.FinishedAt is not null)
        {
            // A cancel that crossed the run's end, or a message for a run that ended locally: nothing left to do.
            return run.Metadata;
        }

        if (run.CancelRequested)
        {
            return await CancelAsync(run, cancellationToken);
        }

        if (run.RemoteRunId is { } remoteRunId)
        {
            logger.LogInformation("Run {RunId} was already submitted as Databricks run {RemoteRunId}; nothing to send", run.Id, remoteRunId);
            return run.Metadata;
        }

        await RequireSafeToSubmitAsync(run, cancelling: false, cancellationToken);
        var target = await ResolveOrFinishAsync(run, cancellationToken);
        return await SubmitAsync(run, target, cancelling: false, cancellationToken) ?? await CurrentMetadataAsync(run, cancellationToken);
    }

    /// <summary>Runs are never deleted (they go with their tenant); there is no remote copy to remove.</summary>
    public Task<string> RemoveAsync(Run run, CancellationToken cancellationToken) => Task.FromResult(run.Metadata);

    private async Task<string> CancelAsync(Run run, CancellationToken cancellationToken)
    {
        var remoteRunId = run.RemoteRunId;
        var metadata = run.Metadata;
        if (remoteRunId is null)
        {
            if (RunMetadata.SubmitAttemptsOf(run.Metadata) == 0)
            {
                // Never sent: it never starts. Nothing remote to cancel.
                await store.FinishUnsubmittedAsync(run.Id, RunStates.Terminated, RunStates.Canceled, CancelledBeforeSubmit, clock.GetUtcNow(), cancellationToken);
                logger.LogInformation("Run {RunId} cancelled before it was submitted; it never starts", run.Id);
                return RunMetadata.With(run.Metadata, "cancelled_before_submit", true);
            }

            // An earlier submit was sent and its answer lost: the run may be running. Only the token can tell which run
            // that was, by answering it again (or, if that submit never landed, by starting it, to be cancelled at once).
            await RequireSafeToSubmitAsync(run, cancelling: true, cancellationToken);
            var target = await ResolveOrFinishAsync(run, cancellationToken);
            metadata = await SubmitAsync(run, target, cancelling: true, cancellationToken) ?? await CurrentMetadataAsync(run, cancellationToken);
            remoteRunId = (await store.ReloadAsync(run.Id, cancellationToken))?.RemoteRunId;
            if (remoteRunId is null)
            {
                return metadata;
            }
        }

        try
        {
            await connector.CancelRunAsync(remoteRunId.Value, cancellationToken);
            logger.LogInformation("Run {RunId}: cancel sent for Databricks run {RemoteRunId}", run.Id, remoteRunId);
        }
        catch (ConnectorException gone) when (gone.IsNotFound)
        {
            // Databricks no longer knows it; the poller records that as the run's end.
            logger.LogWarning("Run {RunId}: Databricks run {RemoteRunId} to cancel does not exist ({Error})", run.Id, remoteRunId, gone.ConnectorMessage);
        }

        var now = clock.GetUtcNow();
        await store.PollSoonAsync(run.Id, now, cancellationToken);
        return RunMetadata.With(metadata, "cancel_sent_at", now.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The unknown-outcome rule: once a submit of this run has been sent, another is safe only if the server honours
    /// idempotency tokens (it then answers the run the first one started, if it did). Without that evidence the run is
    /// failed for an operator instead: sending it again could start it twice.
    /// </summary>
    private async Task RequireSafeToSubmitAsync(Run run, bool cancelling, CancellationToken cancellationToken)
    {
        var sent = RunMetadata.SubmitAttemptsOf(run.Metadata);
        if (sent == 0 || await evidence.IsHonouredAsync(db, cancellationToken))
        {
            return;
        }

        var what = run.TargetKind == DataPipeline.Kind ? $"the Databricks job of pipeline {run.TargetId}" : $"notebook {run.TargetId}";
        var when = RunMetadata.LastSubmitAtOf(run.Metadata) is { } at ? $" (last sent {at})" : "";
        throw new PermanentSyncFailure(OutcomeUnknownCode,
            $"This run was sent to Databricks {sent} time(s){when} and the answer was lost, so it may be running, and this connector has " +
            $"not shown that it honours idempotency tokens: sending it again could start it twice. Look for a run of {what} in the " +
            "tenant's Databricks workspace" + (cancelling
                ? " and cancel it there."
                : "; if there is none, start a new run."));
    }

    /// <summary>The target, or the run ends locally (it can never start: its target is gone, refused or local only).</summary>
    private async Task<ResolvedTarget> ResolveOrFinishAsync(Run run, CancellationToken cancellationToken)
    {
        try
        {
            return await targets.ResolveAsync(run, cancellationToken);
        }
        catch (PermanentSyncFailure failure)
        {
            if (RunMetadata.SubmitAttemptsOf(run.Metadata) == 0)
            {
                await store.FinishUnsubmittedAsync(run.Id, RunStates.InternalError, null, failure.Message, clock.GetUtcNow(), cancellationToken);
                throw;
            }

            // Sent before, answer lost: it may be running, so it does not end here, and "start it again" is not the advice.
            throw new PermanentSyncFailure(failure.Code,
                $"{failure.Message} Note: this run was sent to Databricks before and the answer was lost, so it may be running: look " +
                "for it in the tenant's Databricks workspace before starting another.");
        }
    }

    /// <summary>
    /// Sends the submit and records its answer at once. Answers null when there is nothing to send any more (the run got
    /// its remote id, finished, or was cancelled meanwhile: the newer generation's sync takes over).
    /// </summary>
    private async Task<string?> SubmitAsync(Run run, ResolvedTarget target, bool cancelling, CancellationToken cancellationToken)
    {
        var token = Run.IdempotencyTokenFor(run.Id);
        var intent = RunMetadata.WithSubmitAttempt(run.Metadata, token, clock.GetUtcNow());
        if (!await store.RecordSubmitIntentAsync(run.Id, intent, evenIfCancelRequested: cancelling, cancellationToken))
        {
            logger.LogInformation("Run {RunId}: nothing to submit any more (cancelled, finished or already submitted meanwhile)", run.Id);
            return null;
        }

        var tenantId = run.TenantId.ToString();
        var parameters = JsonSerializer.Deserialize<Dictionary<string, string>>(run.Parameters) ?? [];
        RunSubmitted submitted;
        try
        {
            submitted = target.NotebookPath is { } path
                ? await connector.ExecuteNotebookAsync(new ExecuteNotebookRequest(tenantId, path, parameters, token), cancellationToken)
                : await connector.RunJobAsync(target.JobId!.Value, new RunJobRequest(tenantId, parameters, token), cancellationToken);
        }
        catch (ConnectorException refused) when (!refused.IsTransient && RunMetadata.SubmitAttemptsOf(run.Metadata) == 0)
        {
            // A 4xx to our first submit: the server refused it, no run started. It never will.
            await store.FinishUnsubmittedAsync(run.Id, RunStates.InternalError, null,
                $"The connector refused to start the run: {refused.ConnectorMessage}", clock.GetUtcNow(), cancellationToken);
            throw;
        }

        var honoured = submitted.IdempotencyToken == token;
        evidence.Observe(honoured);
        if (!honoured)
        {
            extensions.ReportMissing(ConnectorExtensions.RunIdempotencyToken,
                "a run submit whose answer is lost is not sent again; the run is marked failed with RUN_OUTCOME_UNKNOWN for an operator");
        }

        var metadata = RunMetadata.Submitted(intent, submitted, honoured);
        var now = clock.GetUtcNow();
        if (!await store.RecordSubmittedAsync(run.Id, submitted, metadata, now, now + polling.Value.FirstInterval, cancellationToken))
        {
            logger.LogWarning("Run {RunId}: Databricks answered run {RemoteRunId}, but the row already had a remote run id", run.Id, submitted.RunId);
            return await CurrentMetadataAsync(run, cancellationToken);
        }

        logger.LogInformation("Run {RunId} of {Kind} {TargetId} submitted as Databricks run {RemoteRunId} (token honoured: {Honoured})",
            run.Id, target.Kind, target.Id, submitted.RunId, honoured);
        return metadata;
    }

    private async Task<string> CurrentMetadataAsync(Run run, CancellationToken cancellationToken) =>
        (await store.ReloadAsync(run.Id, cancellationToken))?.Metadata ?? run.Metadata;
}
