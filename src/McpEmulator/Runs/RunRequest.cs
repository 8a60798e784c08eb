namespace AgentProvision.McpEmulator.Runs;

/// <summary>
/// A request to start a run: of a job (<paramref name="JobId"/>, one task per job task) or of a notebook
/// (<paramref name="NotebookPath"/>, one task). <paramref name="LedgerName"/> is the name runs are counted under:
/// the job's name or the notebook's path.
/// </summary>
internal sealed record RunRequest(
    string TenantId,
    long? JobId,
    string? NotebookPath,
    string LedgerName,
    IReadOnlyList<string> TaskKeys,
    string Trigger,
    string? IdempotencyToken);
