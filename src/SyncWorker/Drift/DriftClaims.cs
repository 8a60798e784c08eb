using Microsoft.Extensions.Options;
using Npgsql;

namespace AgentProvision.SyncWorker.Drift;

/// <summary>
/// The <c>drift_checks</c> rows: one per tenant and kind with synced resources, and the lease that makes a check run on one
/// worker per interval. A claim moves the check's <c>due_at</c> one interval ahead in one statement (SKIP LOCKED, committed
/// at once), so no lock of any kind is held while the connector is called; a worker that dies mid-check only delays that
/// tenant's next check by the interval.
/// </summary>
public sealed class DriftClaims(NpgsqlDataSource database, IOptions<DriftOptions> options)
{
    private const string ClaimSql = """
        UPDATE drift_checks AS c SET due_at = now() + @interval, claimed_by = @worker, claimed_at = now()
        FROM (SELECT tenant_id, kind FROM drift_checks
              WHERE due_at <= now() AND kind = ANY(@kinds)
              ORDER BY due_at LIMIT @batch FOR UPDATE SKIP LOCKED) AS due
        WHERE c.tenant_id = due.tenant_id AND c.kind = due.kind
        RETURNING c.tenant_id, c.kind
        """;

    private const string CompleteSql = """
        UPDATE drift_checks SET checked_at = now(), last_outcome = @outcome WHERE tenant_id = @tenant AND kind = @kind
        """;

    private readonly string worker = $"{Environment.ProcessId}@{Environment.MachineName}" is var name && name.Length > 200 ? name[..200] : name;

    /// <summary>
    /// Adds a check, due now, for every tenant that has synced resources of the kind and none yet. The table name is one of
    /// our inspectors' constants, never input. Served by the usage index on (tenant_id, sync_status).
    /// </summary>
    public async Task<int> AddMissingAsync(string kind, string table, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(
            "INSERT INTO drift_checks (tenant_id, kind, due_at) " +
            $"SELECT DISTINCT tenant_id, @kind, now() FROM {table} WHERE sync_status = 'synced' AND deleted_at IS NULL " +
            "ON CONFLICT (tenant_id, kind) DO NOTHING");
        command.Parameters.AddWithValue("kind", kind);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Up to <c>Drift:ClaimBatchSize</c> due checks of the given kinds, now leased to this worker for one interval.</summary>
    public async Task<List<(Guid TenantId, string Kind)>> ClaimDueAsync(IReadOnlyCollection<string> kinds, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(ClaimSql);
        command.Parameters.AddWithValue("interval", options.Value.Interval);
        command.Parameters.AddWithValue("worker", worker);
        command.Parameters.AddWithValue("kinds", kinds.ToArray());
        command.Parameters.AddWithValue("batch", options.Value.ClaimBatchSize);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claimed = new List<(Guid, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add((reader.GetGuid(0), reader.GetString(1)));
        }

        return claimed;
    }

    public async Task CompleteAsync(Guid tenantId, string kind, string outcome, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(CompleteSql);
        command.Parameters.AddWithValue("tenant", tenantId);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("outcome", outcome.Length <= 500 ? outcome : outcome[..500]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
