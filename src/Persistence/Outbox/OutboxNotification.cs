namespace AgentProvision.Persistence.Outbox;

/// <summary>
/// The PostgreSQL NOTIFY channel that tells dispatchers a new outbox row was committed. The first schema sent it
/// from an insert trigger; <see cref="PostgresOutboxNotifier"/> now sends it after commit instead, and the
/// second migration drops the trigger.
/// </summary>
public static class OutboxNotification
{
    public const string Channel = "outbox_messages_inserted";

    internal const string CreateTriggerSql = $"""
        CREATE FUNCTION notify_outbox_messages_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{Channel}', '');
            RETURN NULL;
        END $$;
        CREATE TRIGGER outbox_messages_inserted AFTER INSERT ON outbox_messages
            FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox_messages_inserted();
        """;

    internal const string DropTriggerSql = """
        DROP TRIGGER IF EXISTS outbox_messages_inserted ON outbox_messages;
        DROP FUNCTION IF EXISTS notify_outbox_messages_inserted();
        """;
}
