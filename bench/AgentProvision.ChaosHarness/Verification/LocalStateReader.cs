using AgentProvision.ChaosHarness.Load;
using Npgsql;

namespace AgentProvision.ChaosHarness.Verification;

/// <summary>
/// Reads the sync columns of the accepted resources straight from PostgreSQL, read-only, one query per kind. Only
/// columns that are the system's public contract are read (status, generations, the run's Databricks id and life
/// cycle), so a change to how the worker claims or locks rows does not break the verification.
/// </summary>
public sealed class LocalStateReader(string connectionString)
{
    private const string SyncColumns = "sync_status, generation, synced_generation, coalesce(last_error_code, ''), coalesce(last_error_message, '')";

    /// <summary>State per (kind, id); a resource missing from the result has no row at all.</summary>
    public async Task<Dictionary<(ResourceKind, Guid), LocalState>> ReadAsync(IReadOnlyCollection<AcceptedResource> accepted)
    {
        var states = new Dictionary<(ResourceKind, Guid), LocalState>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ReadSyncedAsync(connection, states, accepted, ResourceKind.Catalog, $"SELECT tenant_id, {SyncColumns} FROM tenant_catalogs WHERE tenant_id = ANY(@ids)");
        await ReadSyncedAsync(connection, states, accepted, ResourceKind.Dataset, $"SELECT id, {SyncColumns} FROM datasets WHERE id = ANY(@ids)");
        await ReadSyncedAsync(connection, states, accepted, ResourceKind.Notebook, $"SELECT id, {SyncColumns} FROM notebooks WHERE id = ANY(@ids)");
        await ReadSyncedAsync(connection, states, accepted, ResourceKind.Pipeline, $"SELECT id, {SyncColumns} FROM data_pipelines WHERE id = ANY(@ids)");
        await ReadRunsAsync(connection, states, accepted);
        return states;
    }

    private static async Task ReadSyncedAsync(
        NpgsqlConnection connection, Dictionary<(ResourceKind, Guid), LocalState> states, IReadOnlyCollection<AcceptedResource> accepted,
        ResourceKind kind, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", accepted.Where(a => a.Kind == kind).Select(a => a.Id).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var status = reader.GetString(1);
            var done = status == "synced" && reader.GetInt64(3) >= reader.GetInt64(2);
            var detail = $"{status} gen {reader.GetInt64(2)}/{reader.GetInt64(3)} {reader.GetString(4)} {reader.GetString(5)}".Trim();
            states[(kind, reader.GetGuid(0))] = new LocalState(status, done, done || status == "failed", detail);
        }
    }

    private static async Task ReadRunsAsync(
        NpgsqlConnection connection, Dictionary<(ResourceKind, Guid), LocalState> states, IReadOnlyCollection<AcceptedResource> accepted)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT id, {SyncColumns}, remote_run_id, life_cycle_state, coalesce(state_message, '') FROM runs WHERE id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", accepted.Where(a => a.Kind == ResourceKind.Run).Select(a => a.Id).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var status = reader.GetString(1);
            var submitted = !reader.IsDBNull(6);
            var lifeCycle = reader.GetString(7);
            var finished = lifeCycle is "TERMINATED" or "SKIPPED" or "INTERNAL_ERROR";
            var detail = $"{lifeCycle} run id {(submitted ? reader.GetInt64(6) : "none")} sync {status} {reader.GetString(4)} {reader.GetString(5)} {reader.GetString(8)}".Trim();
            states[(ResourceKind.Run, reader.GetGuid(0))] = new LocalState(status, submitted && finished, finished || status == "failed", detail);
        }
    }
}
