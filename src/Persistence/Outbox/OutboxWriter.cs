using System.Diagnostics;
using System.Text.Json;
using AgentProvision.Contracts.Messages;

namespace AgentProvision.Persistence.Outbox;

public static class OutboxWriter
{
    /// <summary>
    /// Stages a message in the outbox. It is written by the caller's next <c>SaveChanges</c>, in the same
    /// transaction as the resource change, so the two are committed or lost together.
    /// </summary>
    public static OutboxMessage AddOutboxMessage<TMessage>(
        this AppDbContext db, Guid tenantId, string resourceType, Guid resourceId, TMessage message, TimeProvider clock)
        where TMessage : class
    {
        var row = new OutboxMessage
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            ResourceType = resourceType,
            ResourceId = resourceId,
            MessageType = MessageTypes.NameOf(typeof(TMessage)),
            Payload = JsonSerializer.Serialize(message),
            TraceParent = Activity.Current?.Id,
            CreatedAt = clock.GetUtcNow(),
        };
        db.OutboxMessages.Add(row);
        db.OutboxMessagesStaged = true;
        return row;
    }
}
