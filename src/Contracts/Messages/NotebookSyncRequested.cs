namespace AgentProvision.Contracts.Messages;

/// <summary>
/// Asks the worker to bring a notebook's Databricks copy up to <paramref name="Generation"/>.
/// It carries ids, never the resource: the consumer reads the current row, so stale or repeated messages are harmless.
/// </summary>
public sealed record NotebookSyncRequested(Guid TenantId, Guid NotebookId, long Generation);
