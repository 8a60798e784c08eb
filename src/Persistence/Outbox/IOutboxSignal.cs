namespace AgentProvision.Persistence.Outbox;

/// <summary>Told, after commit, that new outbox rows exist, so a dispatcher can be woken at once.</summary>
public interface IOutboxSignal
{
    /// <summary>Must not block: it is called on the write path, right after the commit.</summary>
    void OutboxMessagesCommitted();
}
