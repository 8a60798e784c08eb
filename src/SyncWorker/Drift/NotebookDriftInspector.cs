using AgentProvision.Connector;
using AgentProvision.Persistence.Entities;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AgentProvision.SyncWorker.Drift;

/// <summary>
/// Notebooks: the listing gives each notebook's path, object id and the SHA-256 of its source. A synced notebook whose
/// path is not listed was deleted; one whose object id or source hash differs from ours (the hash of the row's content,
/// computed by PostgreSQL so the content never leaves the database) was changed or replaced.
/// </summary>
public sealed class NotebookDriftInspector(NpgsqlDataSource database, ConnectorClient connector, ListingPager pager, IOptions<DriftOptions> options)
    : IDriftInspector
{
    private const string SyncedRowsSql = """
        SELECT id, generation, metadata_ ->> 'databricks_path',
               CASE WHEN jsonb_typeof(metadata_ -> 'databricks_object_id') = 'number' THEN (metadata_ ->> 'databricks_object_id')::bigint END,
               encode(sha256(convert_to(content, 'UTF8')), 'hex')
        FROM notebooks
        WHERE tenant_id = @tenant AND sync_status = 'synced' AND deleted_at IS NULL AND synced_generation = generation
        """;

    public string Kind => Notebook.Kind;

    public string Table => "notebooks";

    public async Task<DriftInspection> InspectAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var ours = await SyncedRowsAsync(tenantId, cancellationToken);
        if (ours.Count == 0)
        {
            return DriftInspection.Skipped("no synced notebooks");
        }

        var unseen = new Dictionary<string, SyncedNotebook>(StringComparer.Ordinal);
        foreach (var row in ours.Where(row => row.Path is not null))
        {
            unseen.TryAdd(row.Path!, row);
        }

        var findings = new List<DriftFinding>();
        var listed = 0;
        var pages = await pager.ReadAllAsync(Kind,
            token => connector.ListNotebooksAsync(tenantId.ToString(), options.Value.PageSize, token, cancellationToken),
            page => page.NextPageToken,
            page =>
            {
                foreach (var remote in page.Notebooks)
                {
                    listed++;
                    if (!unseen.Remove(remote.Path, out var row))
                    {
                        continue;
                    }

                    if (row.ObjectId is { } objectId && objectId != remote.ObjectId)
                    {
                        findings.Add(new DriftFinding(row.Id, row.Generation, DriftKinds.Changed,
                            $"another notebook (object {remote.ObjectId}) is at {remote.Path}, where ours was object {objectId}"));
                    }
                    else if (!string.Equals(row.ContentSha256, remote.ContentSha256, StringComparison.OrdinalIgnoreCase))
                    {
                        findings.Add(new DriftFinding(row.Id, row.Generation, DriftKinds.Changed,
                            $"the source at {remote.Path} is not ours (sha256 {remote.ContentSha256}, ours {row.ContentSha256})"));
                    }
                }
            },
            cancellationToken);
        if (pages is null)
        {
            return DriftInspection.Unsupported("the connector has no notebook listing");
        }

        findings.AddRange(unseen.Values.Select(row =>
            new DriftFinding(row.Id, row.Generation, DriftKinds.Deleted, $"no notebook at {row.Path}")));
        return new DriftInspection(ours.Count, listed, pages.Value, findings);
    }

    /// <summary>Nothing to adjust: a notebook sync always writes (an update, or a create when the path is gone).</summary>
    public string MetadataForResync(string metadata) => metadata;

    public Task<bool> MarkAsync(DriftMarker marker, Guid tenantId, DriftFinding finding, CancellationToken cancellationToken) =>
        marker.MarkAsync<Notebook>(tenantId, finding, MetadataForResync, cancellationToken);

    private async Task<List<SyncedNotebook>> SyncedRowsAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(SyncedRowsSql);
        command.Parameters.AddWithValue("tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<SyncedNotebook>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new SyncedNotebook(
                reader.GetGuid(0), reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.GetString(4)));
        }

        return rows;
    }

    private sealed record SyncedNotebook(Guid Id, long Generation, string? Path, long? ObjectId, string ContentSha256);
}
