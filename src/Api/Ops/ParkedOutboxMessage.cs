namespace AgentProvision.Api.Ops;

/// <summary>A parked outbox row as operators see it: what it is about and why it stopped, never its payload.</summary>
public sealed record ParkedOutboxMessage(
    Guid Id, string MessageType, Guid TenantId, string ResourceType, Guid ResourceId, int Attempts, string? Error,
    DateTimeOffset ParkedAt, DateTimeOffset CreatedAt);
