using Npgsql;

namespace AgentProvision.SyncWorker.Outbox;

/// <summary>The dispatcher's claim query, on its own so its exclusivity can be tested against PostgreSQL.</summary>
public static class OutboxClaims
{
    // Served by the partial index ix_outbox_messages_undispatched. SKIP LOCKED: rows another dispatcher holds
    // are passed over, not waited for, so dispatchers never send the same row at the same time. Parked rows
    // (too many failed publishes) are never claimed until an operator requeues them.
    private const string ClaimSql = """
        SELECT id, message_type, payload::text, trace_parent, attempts
        FROM outbox_messages
        WHERE dispatched_at IS NULL AND parked_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= now())
        ORDER BY created_at
        LIMIT @batch
        FOR UPDATE SKIP LOCKED
        """;

    /// <summary>Locks up to <paramref name="batchSize"/> due rows until <paramref name="transaction"/> ends.</summary>
    public static async Task<List<OutboxRow>> ClaimAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int batchSize, CancellationToken cancellationToken)
    {
        await using var claim = new NpgsqlCommand(ClaimSql, connection, transaction);
        claim.Parameters.AddWithValue("batch", batchSize);
        var rows = new List<OutboxRow>();
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OutboxRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetInt32(4)));
        }

        return rows;
    }
}
