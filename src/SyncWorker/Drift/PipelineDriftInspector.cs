using System.Text.Json;
using AgentProvision.Connector;
using AgentProvision.Contracts.Connector;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Pipelines;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AgentProvision.SyncWorker.Drift;

/// <summary>
/// Pipelines: the listing gives the tenant's jobs with their settings. A synced pipeline whose job id is not listed was
/// deleted; one whose job's name, tasks or schedule differ from what the pipeline's config converts to was changed.
/// Both sides are compared in Databricks' normal form (each task's <c>depends_on</c> sorted, <c>pause_status</c> filled in).
/// </summary>
public sealed class PipelineDriftInspector(
    NpgsqlDataSource database, ConnectorClient connector, ListingPager pager, IOptions<DriftOptions> options, ILogger<PipelineDriftInspector> logger)
    : IDriftInspector
{
    private const string SyncedRowsSql = """
        SELECT id, generation, (metadata_ ->> 'databricks_job_id')::bigint, config::text
        FROM data_pipelines
        WHERE tenant_id = @tenant AND sync_status = 'synced' AND deleted_at IS NULL AND synced_generation = generation
          AND jsonb_typeof(metadata_ -> 'databricks_job_id') = 'number'
        """;

    public string Kind => DataPipeline.Kind;

    public string Table => "data_pipelines";

    public async Task<DriftInspection> InspectAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        var ours = await SyncedRowsAsync(tenantId, cancellationToken);
        if (ours.Count == 0)
        {
            return DriftInspection.Skipped("no synced pipelines");
        }

        var unseen = new Dictionary<long, SyncedPipeline>();
        foreach (var row in ours)
        {
            unseen.TryAdd(row.JobId, row);
        }

        var findings = new List<DriftFinding>();
        var listed = 0;
        var pages = await pager.ReadAllAsync(Kind,
            token => connector.ListJobsAsync(tenantId.ToString(), options.Value.PageSize, token, cancellationToken),
            page => page.NextPageToken,
            page =>
            {
                foreach (var remote in page.Jobs)
                {
                    listed++;
                    if (unseen.Remove(remote.JobId, out var row) && Expected(row) is { } expected
                        && NormalForm(expected.Name, expected.Tasks, expected.Schedule) != NormalForm(remote.Name, remote.Tasks, remote.Schedule))
                    {
                        findings.Add(new DriftFinding(row.Id, row.Generation, DriftKinds.Changed,
                            $"job {remote.JobId} ('{remote.Name}') has other settings than the pipeline's config"));
                    }
                }
            },
            cancellationToken);
        if (pages is null)
        {
            return DriftInspection.Unsupported("the connector has no job listing");
        }

        findings.AddRange(unseen.Values.Select(row =>
            new DriftFinding(row.Id, row.Generation, DriftKinds.Deleted, $"no job {row.JobId}")));
        return new DriftInspection(ours.Count, listed, pages.Value, findings);
    }

    public Task<bool> MarkAsync(DriftMarker marker, Guid tenantId, DriftFinding finding, CancellationToken cancellationToken) =>
        marker.MarkAsync<DataPipeline>(tenantId, finding, PipelineMetadata.WithoutSettingsFingerprint, cancellationToken);

    /// <summary>What the job should hold; null for a config that no longer reads (its sync reports that, not drift).</summary>
    private PipelineJobSettings? Expected(SyncedPipeline row)
    {
        try
        {
            return PipelineJobSettings.For(row.Id, PipelineConfig.FromStored(row.Config));
        }
        catch (Exception unreadable) when (unreadable is InvalidOperationException or JsonException)
        {
            logger.LogDebug("Pipeline {PipelineId}: config does not read ({Error}); no drift check of its settings", row.Id, unreadable.Message);
            return null;
        }
    }

    private static string NormalForm(string name, IReadOnlyList<JobTask>? tasks, JobSchedule? schedule) =>
        JsonSerializer.Serialize(new
        {
            name,
            tasks = (tasks ?? []).Select(task => task with
            {
                DependsOn = (task.DependsOn ?? []).OrderBy(dependency => dependency.TaskKey, StringComparer.Ordinal).ToList(),
            }).ToList(),
            schedule = schedule is null ? null : schedule with { PauseStatus = schedule.PauseStatus ?? PipelinePauseStatuses.Unpaused },
        }, ConnectorJson.Options);

    private async Task<List<SyncedPipeline>> SyncedRowsAsync(Guid tenantId, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand(SyncedRowsSql);
        command.Parameters.AddWithValue("tenant", tenantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<SyncedPipeline>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new SyncedPipeline(reader.GetGuid(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3)));
        }

        return rows;
    }

    private sealed record SyncedPipeline(Guid Id, long Generation, long JobId, string Config);
}
