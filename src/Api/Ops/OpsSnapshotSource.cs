using AgentProvision.Connector;
using AgentProvision.Persistence.Sync;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AgentProvision.Api.Ops;

/// <summary>
/// Computes the dashboard's <see cref="OpsSnapshot"/> at most once per <see cref="OpsOptions.DashboardInterval"/>, however
/// many pages are open: every caller within an interval gets the same snapshot. One computation is one database round trip
/// (<see cref="Sql"/>: seven statements in one batch, each served by a partial index), one passive declare per
/// queue, and one connector health call with a short deadline, run side by side. Every tenth snapshot adds an eighth
/// statement, the full count of settled states (<see cref="FullCountSql"/>).
/// </summary>
public sealed class OpsSnapshotSource(
    NpgsqlDataSource dataSource,
    BrokerProbe broker,
    IServiceScopeFactory scopes,
    ConnectorMetrics connectorMetrics,
    IOptions<McpOptions> mcp,
    IOptions<OpsOptions> ops,
    TimeProvider clock,
    ILogger<OpsSnapshotSource> logger)
{
    /// <summary>The kinds and their tables; names come from here, never from input.</summary>
    private static readonly (string Kind, string Table, string Name)[] Kinds =
    [
        ("notebook", "notebooks", "name"),
        ("dataset", "datasets", "name"),
        ("pipeline", "data_pipelines", "name"),
        ("run", "runs", "target_kind || ' run'"),
        ("catalog", "tenant_catalogs", "catalog_name"),
    ];

    private const int MaxFailures = 50;
    private const int MaxParked = 20;
    private const int TopTenants = 10;
    private static readonly TimeSpan LatencyWindow = TimeSpan.FromMinutes(5);

    /// <summary>The filter of the <c>ix_*_unsynced</c> partial indexes, word for word, so the planner uses them.</summary>
    private const string Unsynced = "deleted_at IS NULL AND sync_status IN ('pending', 'syncing', 'failed')";

    /// <summary>
    /// All live resources per kind and state: a scan of every resource table (an index-only scan of <c>ix_*_usage</c> at
    /// best), ~100 ms at 300,000 notebooks, so it runs with every <see cref="FullCountEvery"/>th snapshot only; the
    /// unsynced states in between come from statement 3.
    /// </summary>
    private static readonly string FullCountSql = $"""
        SELECT kind, sync_status, count(*) FROM (
        {string.Join("\nUNION ALL ", Kinds.Select(k => $"SELECT '{k.Kind}' AS kind, sync_status FROM {k.Table} WHERE deleted_at IS NULL"))}
        ) AS r GROUP BY kind, sync_status
        """;

    private const int FullCountEvery = 10;
    private static readonly HashSet<string> UnsyncedStates = ["pending", "syncing", "failed"];

    private static readonly string[] Sql =
    [
        // 1. The outbox: the undispatched rows (partial indexes), and the dispatched ones of the last minute (index on dispatched_at).
        """
        SELECT count(*) FILTER (WHERE parked_at IS NULL),
               coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0)::float8,
               count(*) FILTER (WHERE parked_at IS NOT NULL),
               (SELECT count(*) FROM outbox_messages WHERE dispatched_at > now() - interval '1 minute')
        FROM outbox_messages WHERE dispatched_at IS NULL
        """,
        // 2. Parked rows, newest first (ix_outbox_messages_parked).
        $"""
        SELECT id, message_type, tenant_id, resource_type, resource_id, attempts, last_error, parked_at, created_at
        FROM outbox_messages WHERE parked_at IS NOT NULL AND dispatched_at IS NULL ORDER BY parked_at DESC LIMIT {MaxParked}
        """,
        // 3. Unsynced resources per kind and state (ix_*_unsynced: partial indexes holding only the unsynced rows).
        $"""
        SELECT kind, sync_status, count(*) FROM (
        {string.Join("\nUNION ALL ", Kinds.Select(k => $"SELECT '{k.Kind}' AS kind, sync_status FROM {k.Table} WHERE {Unsynced}"))}
        ) AS r GROUP BY kind, sync_status
        """,
        // 4. Tenants with the most unsynced resources.
        $"""
        SELECT r.tenant_id, coalesce(t.name, ''), count(*), count(*) FILTER (WHERE r.sync_status = 'failed') FROM (
        {string.Join("\nUNION ALL ", Kinds.Select(k => $"SELECT tenant_id, sync_status FROM {k.Table} WHERE {Unsynced}"))}
        ) AS r LEFT JOIN tenants t ON t.id = r.tenant_id
        GROUP BY r.tenant_id, t.name ORDER BY count(*) DESC, r.tenant_id LIMIT {TopTenants}
        """,
        // 5. The latest failures of every kind (ix_*_failed: partial indexes on the failed rows only).
        $"""
        SELECT f.kind, f.tenant_id, coalesce(t.name, ''), f.id, f.name, f.last_error_code, f.last_error_message, f.updated_at FROM (
        {string.Join("\nUNION ALL ", Kinds.Select(k => $"(SELECT '{k.Kind}' AS kind, tenant_id, id, {k.Name} AS name, last_error_code, last_error_message, updated_at FROM {k.Table} WHERE sync_status = 'failed' ORDER BY updated_at DESC LIMIT {MaxFailures})"))}
        ) AS f LEFT JOIN tenants t ON t.id = f.tenant_id ORDER BY f.updated_at DESC LIMIT {MaxFailures}
        """,
        // 6. Change → synced of the rows synced in the window (ix_*_synced_at).
        $"""
        SELECT count(*),
               percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds),
               percentile_cont(0.99) WITHIN GROUP (ORDER BY seconds)
        FROM (
        {string.Join("\nUNION ALL ", Kinds.Select(k => $"SELECT greatest(extract(epoch FROM synced_at - updated_at), 0)::float8 AS seconds FROM {k.Table} WHERE synced_at > now() - interval '{(int)LatencyWindow.TotalSeconds} seconds' AND sync_status = 'synced'"))}
        ) AS s
        """,
        // 7. Workers seen lately (a handful of rows).
        "SELECT id, host, started_at, seen_at FROM worker_heartbeats WHERE seen_at > now() - interval '30 seconds' ORDER BY started_at",
    ];

    private readonly SemaphoreSlim gate = new(1, 1);
    private OpsSnapshot? last;
    private List<SyncCount>? fullCounts;
    private DateTimeOffset fullCountsAt;
    private long sequence;

    /// <summary>How many snapshots this process has computed (for tests and logs: it grows with time, not with pages).</summary>
    public long Computed => Interlocked.Read(ref sequence);

    /// <summary>The current snapshot: the last one while it is younger than the interval, otherwise a new one.</summary>
    public async Task<OpsSnapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        if (Fresh(last) is { } fresh)
        {
            return fresh;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(last) is { } computedMeanwhile)
            {
                return computedMeanwhile;
            }

            // Not tied to one page's connection: others wait for the same result.
            last = await ComputeAsync(CancellationToken.None);
            return last;
        }
        finally
        {
            gate.Release();
        }
    }

    private OpsSnapshot? Fresh(OpsSnapshot? snapshot) =>
        snapshot is not null && clock.GetUtcNow() - snapshot.At < ops.Value.DashboardInterval * 0.9 ? snapshot : null;

    private async Task<OpsSnapshot> ComputeAsync(CancellationToken cancellationToken)
    {
        var brokerTask = broker.ReadAsync(cancellationToken);
        var connectorTask = ConnectorAsync(cancellationToken);
        var at = clock.GetUtcNow();

        var next = Interlocked.Read(ref sequence) + 1;
        var fullCount = fullCounts is null || next % FullCountEvery == 0;
        await using var batch = dataSource.CreateBatch();
        foreach (var sql in fullCount ? Sql.Append(FullCountSql) : Sql)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var outbox = new OutboxStats(reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2), reader.GetInt64(3));

        await reader.NextResultAsync(cancellationToken);
        var parked = new List<ParkedOutboxMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            parked.Add(new ParkedOutboxMessage(reader.GetGuid(0), reader.GetString(1), reader.GetGuid(2), reader.GetString(3), reader.GetGuid(4),
                reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetFieldValue<DateTimeOffset>(7),
                reader.GetFieldValue<DateTimeOffset>(8)));
        }

        await reader.NextResultAsync(cancellationToken);
        var unsynced = await ReadCountsAsync(reader, cancellationToken);

        await reader.NextResultAsync(cancellationToken);
        var tenants = new List<TenantBacklog>();
        while (await reader.ReadAsync(cancellationToken))
        {
            tenants.Add(new TenantBacklog(reader.GetGuid(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        await reader.NextResultAsync(cancellationToken);
        var failures = new List<SyncFailure>();
        while (await reader.ReadAsync(cancellationToken))
        {
            failures.Add(new SyncFailure(reader.GetString(0), reader.GetGuid(1), reader.GetString(2), reader.GetGuid(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var synced = reader.GetInt64(0);
        var latency = new SyncLatency(synced, Math.Round(synced / LatencyWindow.TotalSeconds, 2),
            reader.IsDBNull(1) ? null : Math.Round(reader.GetDouble(1), 3), reader.IsDBNull(2) ? null : Math.Round(reader.GetDouble(2), 3));

        await reader.NextResultAsync(cancellationToken);
        var workers = new List<WorkerSeen>();
        while (await reader.ReadAsync(cancellationToken))
        {
            workers.Add(new WorkerSeen(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        if (fullCount)
        {
            await reader.NextResultAsync(cancellationToken);
            fullCounts = await ReadCountsAsync(reader, cancellationToken);
            fullCountsAt = at;
        }

        // The settled states from the last full count, the unsynced ones from this snapshot.
        var counts = fullCounts!.Where(c => !UnsyncedStates.Contains(c.Status)).Concat(unsynced)
            .OrderBy(c => c.Kind, StringComparer.Ordinal).ThenBy(c => c.Status, StringComparer.Ordinal).ToList();

        return new OpsSnapshot(at, Interlocked.Increment(ref sequence), outbox, parked, await brokerTask, counts, fullCountsAt, tenants, failures, latency,
            await connectorTask, workers);
    }

    private static async Task<List<SyncCount>> ReadCountsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var counts = new List<SyncCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new SyncCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
        }

        return counts;
    }

    private async Task<ConnectorState> ConnectorAsync(CancellationToken cancellationToken)
    {
        var circuit = connectorMetrics.CircuitState switch { 1 => "open", 2 => "half-open", _ => "closed" };
        if (!mcp.Value.Enabled)
        {
            return new ConnectorState("disabled", false, null, circuit);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(mcp.Value.StatusTimeout < TimeSpan.FromSeconds(2) ? mcp.Value.StatusTimeout : TimeSpan.FromSeconds(2));
        try
        {
            using var scope = scopes.CreateScope();
            var health = await scope.ServiceProvider.GetRequiredService<ConnectorClient>().GetHealthAsync(deadline.Token);
            return new ConnectorState(health.IsHealthy ? "healthy" : "unhealthy", health.DatabricksConnected, null, circuit);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(exception, "The connector's health for the ops dashboard failed");
            return new ConnectorState("unhealthy", false,
                exception is OperationCanceledException ? "no answer within the deadline" : exception.Message, circuit);
        }
    }
}
