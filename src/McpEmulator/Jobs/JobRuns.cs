using AgentProvision.McpEmulator.Runs;

namespace AgentProvision.McpEmulator.Jobs;

internal static class JobRuns
{
    /// <summary>A run of the job as it is now: one task per job task, counted in the ledger under the job's name.</summary>
    public static RunRequest Request(Job job, string trigger, string? idempotencyToken)
        => new(
            job.TenantId,
            job.JobId,
            NotebookPath: null,
            LedgerName: job.Settings.Name,
            job.Settings.Tasks.Select(task => task.TaskKey).ToList(),
            trigger,
            idempotencyToken);
}
