namespace AgentProvision.Persistence.Entities;

/// <summary>
/// A SyncWorker process saying it is alive: written by the worker every few seconds (<c>seen_at</c>), read by the ops
/// dashboard, which shows the workers seen in the last 30 s. One row per process; old rows are removed by the workers.
/// </summary>
public sealed class WorkerHeartbeat
{
    /// <summary>The process's own id: host, pid and a random suffix, so a restarted process is a new row.</summary>
    public required string Id { get; set; }

    public required string Host { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset SeenAt { get; set; }
}
