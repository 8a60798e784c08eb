namespace AgentProvision.SyncWorker.Outbox;

/// <summary>
/// The event ids of the dispatcher's claim log (Debug, category <c>AgentProvision.SyncWorker.Outbox.OutboxDispatcher</c>):
/// which outbox rows a worker held and whether its transaction committed. Switched on by a log level, off by default.
/// </summary>
public static class OutboxClaimLog
{
    public static readonly EventId Claimed = new(4101, "OutboxClaimed");
    public static readonly EventId Committed = new(4102, "OutboxClaimCommitted");
}
