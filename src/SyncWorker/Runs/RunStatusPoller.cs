using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using AgentProvision.Connector;
using AgentProvision.Contracts.Connector;
using AgentProvision.Persistence.Entities;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AgentProvision.SyncWorker.Runs;

/// <summary>
/// Follows every submitted, unfinished run until Databricks says it ended. Bounded and batched: each tick claims up to
/// <see cref="RunPollingOptions.BatchSize"/> due runs (a lease, so workers share the work and never poll one run at
/// once), asks the connector with bounded concurrency, and writes all answers in one statement that never overwrites a
/// finished state. Young runs are looked at every second, old ones every few minutes; a failed call backs that run off;
/// a run the connector no longer knows ends as INTERNAL_ERROR. Finished runs are never looked at again.
/// </summary>
public sealed class RunStatusPoller(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    IOptions<RunPollingOptions> options,
    TimeProvider clock,
    RunTrackingMetrics metrics,
    ILogger<RunStatusPoller> logger) : BackgroundService
{
    public const string Component = "poller";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.Tick, clock);
        var stats = new StatsLog(metrics, clock, settings.StatsLogInterval);
        do
        {
            try
            {
                int claimed;
                do
                {
                    claimed = await PollOnceAsync(stoppingToken);
                }
                while (claimed == settings.BatchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Run status poll failed; it runs again in {Tick}", settings.Tick);
            }

            stats.WriteIfDue(logger);
        }
        while (await WaitForNextTickAsync(timer, stoppingToken));
    }

    /// <summary>One batch: claim, call, write. Answers how many runs it claimed.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var claimed = await RunStatusStore.ClaimDueAsync(dataSource, settings.BatchSize, settings.Lease, cancellationToken);
        metrics.RecordQueries(Component);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var sinceClaim = Stopwatch.StartNew();
        var observations = new ConcurrentBag<RunObservation>();
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Give up on calls before the lease ends, so no other worker ever polls these runs while this batch still does.
        budget.CancelAfter(settings.BatchBudget);
        await using (var scope = scopes.CreateAsyncScope())
        {
            var connector = scope.ServiceProvider.GetRequiredService<ConnectorClient>();
            try
            {
                await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = budget.Token },
                    async (run, token) => observations.Add(await PollAsync(connector, run, sinceClaim, token)));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Run status batch ran out of its {Budget} budget after {Polled} of {Claimed} runs; the others are due again when their lease ends",
                    settings.BatchBudget, observations.Count, claimed.Count);
            }
        }

        var answered = observations.ToList();
        if (answered.Count > 0)
        {
            await RunStatusStore.WriteAsync(dataSource, answered, cancellationToken);
            metrics.RecordQueries(Component);
            metrics.RecordFinished(answered.Count(o => o.FinishedAt is not null));
        }

        return claimed.Count;
    }

    private async Task<RunObservation> PollAsync(ConnectorClient connector, ClaimedRun run, Stopwatch sinceClaim, CancellationToken batch)
    {
        var settings = options.Value;
        var notebookRun = run.TargetKind == Notebook.Kind;
        var operation = notebookRun ? "notebooks.run_status" : "runs.get";
        using var call = CancellationTokenSource.CreateLinkedTokenSource(batch);
        call.CancelAfter(settings.CallTimeout);
        try
        {
            var status = notebookRun
                ? await connector.GetNotebookRunAsync(run.RemoteRunId, call.Token)
                : await connector.GetRunAsync(run.RemoteRunId, call.Token);
            metrics.RecordCall(Component, operation, succeeded: true);
            return Observed(run, status, run.ClaimedAt + sinceClaim.Elapsed);
        }
        catch (ConnectorException gone) when (gone.IsNotFound)
        {
            metrics.RecordCall(Component, operation, succeeded: true);
            var now = run.ClaimedAt + sinceClaim.Elapsed;
            logger.LogWarning("Run {RunId}: Databricks no longer knows run {RemoteRunId} ({Error}); it ends as {State}",
                run.Id, run.RemoteRunId, gone.ConnectorMessage, RunStates.InternalError);
            return new RunObservation(run.Id, run.LeaseUntil, NextPollAt: null, FinishedAt: now, LifeCycleState: RunStates.InternalError,
                StateMessage: $"Databricks no longer knows run {run.RemoteRunId} (it may have been deleted): {gone.ConnectorMessage}", EndTime: now);
        }
        catch (Exception failure) when (failure is ConnectorException || (failure is OperationCanceledException && !batch.IsCancellationRequested))
        {
            metrics.RecordCall(Component, operation, succeeded: false);
            var now = run.ClaimedAt + sinceClaim.Elapsed;
            var interval = settings.IntervalFor(now - run.StartedAt);
            var retryAt = now + (interval > settings.FailureBackoff ? interval : settings.FailureBackoff);
            logger.LogWarning("Run {RunId}: status of Databricks run {RemoteRunId} unavailable ({Error}); next look at {RetryAt:O}",
                run.Id, run.RemoteRunId, failure is ConnectorException known ? $"{known.ErrorCode}: {known.ConnectorMessage}" : "timed out", retryAt);
            return new RunObservation(run.Id, run.LeaseUntil, retryAt);
        }
    }

    private RunObservation Observed(ClaimedRun run, RunStatus status, DateTimeOffset now)
    {
        var startTime = FromEpoch(status.StartTime);
        var final = RunStates.IsFinal(status.LifeCycleState);
        var next = final ? (DateTimeOffset?)null : now + options.Value.IntervalFor(now - (startTime ?? run.StartedAt));
        return new RunObservation(
            run.Id,
            run.LeaseUntil,
            next,
            final ? now : null,
            status.LifeCycleState,
            status.ResultState,
            status.StateMessage,
            startTime,
            FromEpoch(status.EndTime),
            status.ExecutionDuration,
            status.RunPageUrl,
            status.NumberInJob,
            status.Tasks is null ? null : JsonSerializer.Serialize(status.Tasks, ConnectorJson.Options),
            status.Output);
    }

    private static DateTimeOffset? FromEpoch(long? milliseconds) =>
        milliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

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

    /// <summary>A summary line every interval while there is something to say: what run tracking did and what it cost.</summary>
    private sealed class StatsLog(RunTrackingMetrics metrics, TimeProvider clock, TimeSpan interval)
    {
        private RunTrackingTotals last = metrics.Totals;
        private DateTimeOffset lastAt = clock.GetUtcNow();

        public void WriteIfDue(ILogger logger)
        {
            var now = clock.GetUtcNow();
            if (now - lastAt < interval)
            {
                return;
            }

            var totals = metrics.Totals;
            if (totals.Polled != last.Polled || totals.Discovered != last.Discovered)
            {
                logger.LogInformation(
                    "Run tracking in the last {Seconds:F0} s: {Polled} runs polled, {Finished} finished, {Discovered} scheduled runs discovered; " +
                    "{Queries} database queries, {Calls} connector calls (since start: {TotalQueries} queries, {TotalCalls} calls)",
                    (now - lastAt).TotalSeconds, totals.Polled - last.Polled, totals.Finished - last.Finished, totals.Discovered - last.Discovered,
                    totals.DbQueries - last.DbQueries, totals.ConnectorCalls - last.ConnectorCalls, totals.DbQueries, totals.ConnectorCalls);
            }

            last = totals;
            lastAt = now;
        }
    }
}
