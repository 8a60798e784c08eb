using AgentProvision.Connector;
using AgentProvision.Persistence.Entities;
using AgentProvision.SyncWorker.Datasets;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AgentProvision.SyncWorker.Drift;

/// <summary>
/// Datasets: the listing gives the tables of the tenant's catalog with their Delta version. A synced dataset whose table
/// is not listed was dropped; one whose table's version moved past the version our upload made was overwritten.
/// A tenant whose catalog is gone is skipped (every table call would answer CATALOG_DOES_NOT_EXIST) and said so.
/// </summary>
public sealed class DatasetDriftInspector(NpgsqlDataSource database, ConnectorClient connector, ListingPager pager, IOptions<DriftOptions> options)
    : IDriftInspector
{
    private const string SyncedRowsSql = """
        SELECT id, generation, metadata_ ->> 'databricks_table_name',
               CASE WHEN jsonb_typeof(metadata_ -> 'databricks_version') = 'number' THEN (metadata_ ->> 'databricks_version')::bigint END
        FROM datasets
        WHERE tenant_id = @tenant AND sync_status = 'synced' AND deleted_at IS NULL AND synced_generation = generation
          AND metadata_ ? 'databricks_table_name'
        """;

    public string Kind => Dataset.Kind;

    public string Table => "datasets";

    public async Task<DriftInspection> InspectAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var ours = await SyncedRowsAsync(tenantId, cancellationToken);
        if (ours.Count == 0)
        {
            return DriftInspection.Skipped("no synced datasets");
        }

        // Unity Catalog keeps names in lower case.
        var unseen = new Dictionary<string, SyncedDataset>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in ours)
        {
            unseen.TryAdd(row.TableName, row);
        }

        var findings = new List<DriftFinding>();
        var listed = 0;
        int? pages;
        try
        {
            pages = await pager.ReadAllAsync(Kind,
                token => connector.ListTablesAsync(tenantId.ToString(), options.Value.PageSize, token, cancellationToken),
                page => page.NextPageToken,
                page =>
                {
                    foreach (var remote in page.Tables)
                    {
                        listed++;
                        if (unseen.Remove(remote.TableName, out var row) && row.Version is { } version && remote.Version > version)
                        {
                            findings.Add(new DriftFinding(row.Id, row.Generation, DriftKinds.Changed,
                                $"table {remote.Table} is at version {remote.Version}, past version {version} of our upload"));
                        }
                    }
                },
                cancellationToken);
        }
        catch (ConnectorException missing) when (missing.ErrorCode == "CATALOG_DOES_NOT_EXIST")
        {
            return DriftInspection.Skipped($"the tenant's catalog is missing in Databricks ({missing.ConnectorMessage})");
        }

        if (pages is null)
        {
            return DriftInspection.Unsupported("the connector has no table listing");
        }

        findings.AddRange(unseen.Values.Select(row =>
            new DriftFinding(row.Id, row.Generation, DriftKinds.Deleted, $"no table {row.TableName} in the tenant's catalog")));
        return new DriftInspection(ours.Count, listed, pages.Value, findings);
    }

    public Task<bool> MarkAsync(DriftMarker marker, Guid tenantId, DriftFinding finding, CancellationToken cancellationToken) =>
        marker.MarkAsync<Dataset>(tenantId, finding, DatasetSyncMetadata.WithoutLocalFile, cancellationToken);

    private async Task<List<SyncedDataset>> SyncedRowsAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(SyncedRowsSql);
        command.Parameters.AddWithValue("tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<SyncedDataset>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new SyncedDataset(reader.GetGuid(0), reader.GetInt64(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3)));
        }

        return rows;
    }

    private sealed record SyncedDataset(Guid Id, long Generation, string TableName, long? Version);
}
