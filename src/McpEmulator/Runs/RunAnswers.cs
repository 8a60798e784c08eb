using AgentProvision.Contracts.Connector;

namespace AgentProvision.McpEmulator.Runs;

/// <summary>Runs in the contract's shapes.</summary>
internal static class RunAnswers
{
    /// <summary>The token is echoed only when the server honoured it, so a client can tell a server that ignores it.</summary>
    public static RunSubmitted Submitted(Run run, bool tokenHonoured)
        => new(run.RunId, run.RunPageUrl, run.NumberInJob, tokenHonoured ? run.IdempotencyToken : null);

    /// <summary>
    /// get_job_run_status carries <c>tasks</c>, get_notebook_run_status carries <c>output</c>; both read the same run.
    /// A failed run fails at its first task; Databricks then never starts the others (UPSTREAM_FAILED).
    /// </summary>
    public static RunStatus Status(Run run, long now, bool withTasks, bool withOutput)
    {
        var snapshot = run.At(now);
        var tasks = withTasks
            ? run.Tasks.Select((task, index) => new RunTaskStatus(
                task.TaskKey, task.RunId, snapshot.LifeCycleState, TaskResult(snapshot.ResultState, index))).ToList()
            : null;
        return new RunStatus(
            run.RunId,
            snapshot.ResultState ?? snapshot.LifeCycleState,
            snapshot.LifeCycleState,
            run.RunPageUrl,
            snapshot.ResultState,
            snapshot.StateMessage,
            run.SubmittedAt,
            snapshot.EndTime,
            snapshot.ExecutionDuration,
            run.NumberInJob,
            run.JobId,
            run.Trigger,
            tasks,
            withOutput && snapshot.ResultState is not null ? run.Plan.Output : null);
    }

    private static string? TaskResult(string? runResult, int taskIndex)
        => runResult == RunStates.Failed && taskIndex > 0 ? RunStates.UpstreamFailed : runResult;
}
