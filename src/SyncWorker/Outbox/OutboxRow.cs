namespace AgentProvision.SyncWorker.Outbox;

/// <summary>One claimed outbox row, as the dispatcher reads it.</summary>
public sealed record OutboxRow(Guid Id, string MessageType, string Payload, string? TraceParent, int Attempts);
