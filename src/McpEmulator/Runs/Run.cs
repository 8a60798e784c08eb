namespace AgentProvision.McpEmulator.Runs;

/// <summary>
/// A job run or a one-off notebook run, as submitted. Its state is not stored: <see cref="At"/> derives it from the
/// submit time, the plan and a cancel time, so nothing runs in the background and a test clock moves it exactly.
/// </summary>
internal sealed record Run(
    long RunId,
    string TenantId,
    long? JobId,
    long? NumberInJob,
    string? NotebookPath,
    string Trigger,
    string RunPageUrl,
    IReadOnlyList<RunTask> Tasks,
    long SubmittedAt,
    RunPlan Plan,
    string? IdempotencyToken,
    long? CanceledAt = null)
{
    private long RunningFrom => SubmittedAt + Plan.PendingMs;

    /// <summary>When the run ends by itself; never for a hanging run.</summary>
    private long? NaturalEnd => Plan.Outcome == RunOutcome.Hang ? null : RunningFrom + Plan.RunningMs;

    public RunSnapshot At(long now)
    {
        if (CanceledAt is { } canceledAt && (NaturalEnd is not { } end || canceledAt < end))
        {
            return Terminated(RunStates.Canceled, RunStates.CanceledMessage, canceledAt);
        }

        if (NaturalEnd is { } naturalEnd && now >= naturalEnd)
        {
            return Plan.Outcome == RunOutcome.Fail
                ? Terminated(RunStates.Failed, Plan.Message, naturalEnd)
                : Terminated(RunStates.Success, "", naturalEnd);
        }

        return now >= RunningFrom
            ? new RunSnapshot(RunStates.Running, null, "", null, null)
            : new RunSnapshot(RunStates.Pending, null, "", null, null);
    }

    public bool IsTerminatedAt(long now) => At(now).ResultState is not null;

    private RunSnapshot Terminated(string resultState, string? message, long endTime)
        => new(RunStates.Terminated, resultState, message, endTime, Math.Max(0, endTime - RunningFrom));
}

/// <summary>A task of a run, with its own run id as in Databricks.</summary>
internal sealed record RunTask(string TaskKey, long RunId);

/// <summary>A run's state at one moment. <paramref name="ExecutionDuration"/> is the time spent RUNNING, once terminated.</summary>
internal sealed record RunSnapshot(
    string LifeCycleState, string? ResultState, string? StateMessage, long? EndTime, long? ExecutionDuration);
