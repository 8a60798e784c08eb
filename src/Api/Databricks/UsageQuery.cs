using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentProvision.Api.Databricks;

/// <summary>
/// The usage counts of one tenant: every kind and state in ONE query, grouped in PostgreSQL, served by each table's
/// <c>ix_*_usage</c> index (tenant, state, plus the two columns it reads), so it stays fast with millions of rows.
/// </summary>
public sealed class UsageQuery
{
    /// <summary>The kinds the original reported, by its keys. A kind this service does not store yet reports zeros.</summary>
    public static IReadOnlyList<string> ReportedKinds { get; } = ["datasets", "notebooks", "pipelines"];

    private readonly string _sql;

    public UsageQuery(AppDbContext db)
    {
        // Built once from our own EF model (table names never come from input).
        var tables = new Dictionary<string, string>
        {
            ["datasets"] = TableOf<Dataset>(db),
            ["notebooks"] = TableOf<Notebook>(db),
            ["pipelines"] = TableOf<DataPipeline>(db),
        };
        var perKind = tables.Select(pair =>
            $"SELECT '{pair.Key}' AS kind, sync_status, synced_generation, updated_at FROM {pair.Value} WHERE tenant_id = @tenant AND deleted_at IS NULL");
        _sql = $"""
            SELECT kind, sync_status,
                   count(*) AS resources,
                   count(*) FILTER (WHERE synced_generation > 0) AS in_databricks,
                   min(updated_at) FILTER (WHERE sync_status IN ('pending', 'syncing', 'failed')) AS oldest_unsynced
            FROM ({string.Join(" UNION ALL ", perKind)}) AS r
            GROUP BY kind, sync_status
            """;
    }

    public async Task<IReadOnlyDictionary<string, KindUsage>> RunAsync(NpgsqlDataSource dataSource, Guid tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = ReportedKinds.ToDictionary(kind => kind, _ => new List<UsageRow>());
        await using var command = dataSource.CreateCommand(_sql);
        command.Parameters.AddWithValue("tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[reader.GetString(0)].Add(new UsageRow(
                SyncStatusNames.Parse(reader.GetString(1)),
                reader.GetInt64(2),
                reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return rows.ToDictionary(pair => pair.Key, pair => Summarize(pair.Value, now));
    }

    private static KindUsage Summarize(List<UsageRow> rows, DateTimeOffset now)
    {
        long CountOf(SyncStatus status) => rows.Where(r => r.Status == status).Sum(r => r.Resources);
        var oldest = rows.Where(r => r.OldestUnsynced is not null).Select(r => r.OldestUnsynced).Min();
        return new KindUsage(
            rows.Sum(r => r.Resources),
            rows.Sum(r => r.InDatabricks),
            CountOf(SyncStatus.Pending),
            CountOf(SyncStatus.Syncing),
            CountOf(SyncStatus.Synced),
            CountOf(SyncStatus.Failed),
            CountOf(SyncStatus.LocalOnly),
            oldest,
            oldest is null ? null : Math.Round(Math.Max(0, (now - oldest.Value).TotalSeconds), 1));
    }

    private static string TableOf<T>(AppDbContext db) => db.Model.FindEntityType(typeof(T))!.GetTableName()!;

    private sealed record UsageRow(SyncStatus Status, long Resources, long InDatabricks, DateTimeOffset? OldestUnsynced);
}
