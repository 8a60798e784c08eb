using Npgsql;

namespace AgentProvision.SyncWorker.Outbox;

/// <summary>The dispatcher's claim query, on its own so its exclusivity and fairness can be tested against PostgreSQL.</summary>
public static class OutboxClaims
{
    // Fair between tenants: one tenant's backlog of thousands must not delay another tenant's single change. The
    // tenants with rows waiting are found by a loose index scan (one probe per tenant, not a scan of the backlog), each
    // contributes its oldest due rows (its share of the batch), and the batch takes every tenant's first row, then
    // every tenant's second, and so on. Served by the partial index ix_outbox_messages_undispatched_by_tenant.
    // SKIP LOCKED: rows another dispatcher holds are passed over, not waited for, so dispatchers never send the same
    // row at the same time. Parked rows (too many failed publishes) are never claimed until an operator requeues them.
    internal const string ClaimSql = """
        WITH RECURSIVE waiting(tenant_id) AS (
            (SELECT tenant_id FROM outbox_messages
             WHERE dispatched_at IS NULL AND parked_at IS NULL
             ORDER BY tenant_id LIMIT 1)
            UNION ALL
            SELECT (SELECT o.tenant_id FROM outbox_messages o
                    WHERE o.dispatched_at IS NULL AND o.parked_at IS NULL AND o.tenant_id > w.tenant_id
                    ORDER BY o.tenant_id LIMIT 1)
            FROM waiting w WHERE w.tenant_id IS NOT NULL
        ),
        candidates AS (
            SELECT c.id, c.created_at, row_number() OVER (PARTITION BY w.tenant_id ORDER BY c.created_at) AS turn
            FROM waiting w
            CROSS JOIN LATERAL (
                SELECT o.id, o.created_at FROM outbox_messages o
                WHERE o.tenant_id = w.tenant_id AND o.dispatched_at IS NULL AND o.parked_at IS NULL
                  AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= now())
                ORDER BY o.created_at
                -- Twice its share, so a second dispatcher skipping the first one's locked rows still finds some.
                LIMIT (SELECT 2 * GREATEST(1, ceil(@batch::numeric / GREATEST(1, count(*)))) FROM waiting WHERE tenant_id IS NOT NULL)
            ) c
            WHERE w.tenant_id IS NOT NULL
        )
        -- Candidates drive the join in their turn order, each locked by its primary key as the limit reaches it, so no
        -- row past the batch is locked. The still-waiting check is written with coalesce so that it does not match the
        -- partial index's predicate: the lookup can then only go through the primary key. (The table's statistics swing
        -- from empty to thousands of rows between autovacuum's looks; believing the partial index empty, the planner
        -- once scanned it whole for every candidate, 84 ms a claim under a 4,000 backlog.)
        SELECT o.id, o.message_type, o.payload::text, o.trace_parent, o.attempts
        FROM (SELECT id, turn, created_at FROM candidates ORDER BY turn, created_at) c
        CROSS JOIN LATERAL (
            SELECT o.id, o.message_type, o.payload, o.trace_parent, o.attempts FROM outbox_messages o
            WHERE o.id = c.id AND coalesce(o.dispatched_at, o.parked_at) IS NULL
            FOR UPDATE SKIP LOCKED
        ) o
        ORDER BY c.turn, c.created_at
        LIMIT @batch
        """;

    /// <summary>Locks up to <paramref name="batchSize"/> due rows, fairly across tenants, until <paramref name="transaction"/> ends.</summary>
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
