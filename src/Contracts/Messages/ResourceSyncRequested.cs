namespace AgentProvision.Contracts.Messages;

/// <summary>
/// Asks the worker to bring one resource's Databricks copy up to <paramref name="Generation"/>. One message type for every
/// kind (<c>notebook</c>, <c>catalog</c>, …): it carries ids, never the resource, and the consumer reads the current row,
/// so stale, repeated and out-of-order messages are harmless.
/// </summary>
public sealed record ResourceSyncRequested(string Kind, Guid TenantId, Guid ResourceId, long Generation);
