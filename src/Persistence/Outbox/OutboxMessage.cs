namespace AgentProvision.Persistence.Outbox;

/// <summary>
/// A message waiting to be relayed to RabbitMQ, written in the same transaction as the change it announces.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string ResourceType { get; set; }
    public Guid ResourceId { get; set; }

    /// <summary>A stable name from <c>MessageTypes</c>, never a CLR type name.</summary>
    public required string MessageType { get; set; }

    public required string Payload { get; set; }

    /// <summary>W3C traceparent of the request that wrote the row, so one trace spans API → worker → connector.</summary>
    public string? TraceParent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>Set after a failed publish, so one unsendable row backs off instead of blocking the others.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>
    /// Set when the row failed to publish <c>SyncWorker:MaxPublishAttempts</c> times: it is never claimed again until an
    /// operator requeues it (<c>POST /api/v1/ops/outbox/{id}/requeue</c>); <see cref="LastError"/> says why.
    /// </summary>
    public DateTimeOffset? ParkedAt { get; set; }
}
