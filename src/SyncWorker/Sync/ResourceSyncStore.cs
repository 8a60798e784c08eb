using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentProvision.SyncWorker.Sync;

/// <summary>How an attempt ended, as far as the row is concerned.</summary>
public enum LeaseRelease
{
    /// <summary>The fence no longer matched: the lease ran out and another worker took the resource over.</summary>
    Lost,

    /// <summary>Written and released; the row is still at the generation the attempt worked on.</summary>
    Done,

    /// <summary>Written and released, but the user changed the resource meanwhile: the newer generation needs a sync too.</summary>
    MovedOn,
}

/// <summary>
/// The sync path's reads and writes of a resource row, for every kind, as one statement each (DESIGN.md §3).
/// <list type="bullet">
/// <item><see cref="TryLeaseAsync"/> takes the resource's lease, counts the attempt and reads the row, in one round trip.</item>
/// <item>Each way of ending the attempt releases the lease in the same statement, guarded by the fence it was taken
/// with, and says whether the user changed the resource meanwhile; the outcome (status, next attempt, error) applies
/// only to the generation it was for, while what is now in Databricks (its ids, the synced generation) is recorded
/// either way, so the next attempt updates that copy instead of meeting it as a stranger.</item>
/// </list>
/// No connection is held between the statements. They leave <c>updated_at</c> alone: it is the time of the user's
/// change, which the sync-latency metric measures from. Table names come from our own EF model, never from input.
/// </summary>
public sealed class ResourceSyncStore<T>(AppDbContext db, NpgsqlDataSource dataSource) where T : SyncedResource
{
    private static string? table;

    private string Table => table ??= db.Model.FindEntityType(typeof(T))!.GetTableName()!;

    /// <summary>
    /// The row with its lease taken, or null when there is nothing to do: it is in sync, settled (failed, local only,
    /// deleted), gone, or another worker's lease on it has not run out. That worker re-reads the row when it releases
    /// the lease (<see cref="LeaseRelease.MovedOn"/>), so a change it has not seen yet is never dropped.
    /// </summary>
    /// <remarks>
    /// The tenant is checked with IS NOT DISTINCT FROM (the same as = for a column that is never null) because no index
    /// serves that form: the row is found through the primary key only. With =, the planner could pick the
    /// (tenant_id, created_at) index for a tenant newer than the table's statistics (estimated at one row) and read
    /// every row of the tenant for each lease: 1,800 buffers and 14 ms a lease under a 6,000-notebook backlog.
    /// </remarks>
    public async Task<T?> TryLeaseAsync(Guid tenantId, Guid id, TimeSpan duration, CancellationToken cancellationToken)
    {
        var sql = LeaseSql(Table);
        var rows = await db.Set<T>()
            .FromSqlRaw(sql, new NpgsqlParameter("id", id), new NpgsqlParameter("tenant", tenantId), new NpgsqlParameter("duration", duration))
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The lease statement for one table (parameters @id, @tenant, @duration); on its own for the plan tests.</summary>
    internal static string LeaseSql(string table) => $"""
            UPDATE {table} SET
                sync_lease_until = now() + @duration,
                sync_fence = sync_fence + 1,
                sync_attempts = sync_attempts + 1,
                sync_status = CASE WHEN deleted_at IS NULL THEN 'syncing' ELSE 'deleting' END
            WHERE id = @id AND tenant_id IS NOT DISTINCT FROM @tenant AND synced_generation < generation
              AND sync_status IN ('pending', 'syncing', 'deleting')
              AND (sync_lease_until IS NULL OR sync_lease_until < now())
            RETURNING *
            """;

    /// <summary>Whether another worker holds the resource's lease right now (only asked by callers that wait for it).</summary>
    public async Task<bool> IsLeasedAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT sync_lease_until > now() FROM {Table} WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>
    /// A message met another worker's lease: have the reconciler look again when that lease runs out. A live holder
    /// releases it first (and syncs what it had not seen), making that look a no-op; a dead one's resource is taken over
    /// then, not at the sync deadline.
    /// </summary>
    public async Task WatchLeaseAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE {Table} SET next_attempt_at = LEAST(coalesce(next_attempt_at, sync_lease_until), sync_lease_until)
            WHERE id = @id AND sync_lease_until > now() AND synced_generation < generation
            """);
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Keeps a long attempt's lease (a large upload, say); false when it was lost, and the attempt must stop.</summary>
    public async Task<bool> RenewAsync(T resource, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE {Table} SET sync_lease_until = now() + @duration WHERE id = @id AND sync_fence = @fence");
        command.Parameters.AddWithValue("id", resource.Id);
        command.Parameters.AddWithValue("fence", resource.SyncFence);
        command.Parameters.AddWithValue("duration", duration);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Databricks now matches generation <c>resource.Generation</c> (or no longer has it, for a deleted resource).</summary>
    public Task<LeaseRelease> MarkSyncedAsync(T resource, string metadata, CancellationToken cancellationToken) =>
        ReleaseAsync(resource, """
            synced_generation = GREATEST(synced_generation, @generation),
            sync_status = CASE WHEN generation = @generation THEN @done WHEN sync_status = 'syncing' THEN 'pending' ELSE sync_status END,
            synced_at = now(),
            next_attempt_at = CASE WHEN generation = @generation THEN NULL ELSE next_attempt_at END,
            last_error_code = NULL,
            last_error_message = NULL,
            metadata_ = CASE WHEN generation = @generation THEN @metadata::jsonb ELSE metadata_ || @metadata::jsonb END
            """,
            cancellationToken,
            ("done", (resource.DeletedAt is null ? SyncStatus.Synced : SyncStatus.Deleted).ToName()),
            ("metadata", metadata));

    /// <summary>A transient failure: the reconciler re-sends the message at <paramref name="retryAt"/>.</summary>
    public Task<LeaseRelease> ScheduleRetryAsync(T resource, DateTimeOffset retryAt, string code, string message, CancellationToken cancellationToken) =>
        ReleaseAsync(resource, """
            sync_status = CASE WHEN generation = @generation OR sync_status = 'syncing'
                THEN CASE WHEN deleted_at IS NULL THEN 'pending' ELSE 'deleting' END ELSE sync_status END,
            next_attempt_at = CASE WHEN generation = @generation THEN @retry_at ELSE next_attempt_at END,
            last_error_code = CASE WHEN generation = @generation THEN @code ELSE last_error_code END,
            last_error_message = CASE WHEN generation = @generation THEN @message ELSE last_error_message END
            """,
            cancellationToken,
            ("retry_at", retryAt), ("code", code), ("message", message));

    /// <summary>
    /// Held back by our own rate limit before anything was sent: try again at <paramref name="retryAt"/>, and give the
    /// attempt back, so a busy tenant's syncs are delayed, never failed, by its budget.
    /// </summary>
    public Task<LeaseRelease> DeferAsync(T resource, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
        ReleaseAsync(resource, """
            sync_attempts = GREATEST(0, sync_attempts - 1),
            sync_status = CASE WHEN generation = @generation OR sync_status = 'syncing'
                THEN CASE WHEN deleted_at IS NULL THEN 'pending' ELSE 'deleting' END ELSE sync_status END,
            next_attempt_at = CASE WHEN generation = @generation THEN @retry_at ELSE next_attempt_at END
            """,
            cancellationToken,
            ("retry_at", retryAt));

    /// <summary>A permanent failure, or attempts exhausted: stays failed until someone retries it.</summary>
    public Task<LeaseRelease> MarkFailedAsync(T resource, string code, string message, CancellationToken cancellationToken) =>
        ReleaseAsync(resource, """
            sync_status = CASE WHEN generation = @generation THEN 'failed' WHEN sync_status = 'syncing' THEN 'pending' ELSE sync_status END,
            next_attempt_at = CASE WHEN generation = @generation THEN NULL ELSE next_attempt_at END,
            last_error_code = CASE WHEN generation = @generation THEN @code ELSE last_error_code END,
            last_error_message = CASE WHEN generation = @generation THEN @message ELSE last_error_message END
            """,
            cancellationToken,
            ("code", code), ("message", message));

    /// <summary>
    /// The attempt ended without an outcome (the process is stopping, the database failed mid-way): give the resource
    /// back at once rather than make the next worker wait for the lease to run out. The message is redelivered, or the
    /// reconciler re-sends it at its deadline.
    /// </summary>
    public Task<LeaseRelease> AbandonAsync(T resource, CancellationToken cancellationToken) =>
        ReleaseAsync(resource, "sync_status = CASE WHEN sync_status = 'syncing' THEN 'pending' ELSE sync_status END", cancellationToken);

    private async Task<LeaseRelease> ReleaseAsync(
        T resource, string assignments, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE {Table} SET {assignments}, sync_lease_until = NULL
            WHERE id = @id AND sync_fence = @fence
            RETURNING generation <> @generation
            """);
        command.Parameters.AddWithValue("id", resource.Id);
        command.Parameters.AddWithValue("fence", resource.SyncFence);
        command.Parameters.AddWithValue("generation", resource.Generation);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync(cancellationToken) switch
        {
            true => LeaseRelease.MovedOn,
            false => LeaseRelease.Done,
            _ => LeaseRelease.Lost,
        };
    }
}
