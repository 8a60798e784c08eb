using System.Text.Json.Nodes;
using AgentProvision.Connector;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.SyncWorker.Sync;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.SyncWorker.Runs;

/// <summary>What a submit needs of its target: the notebook's workspace path, or the pipeline's job id.</summary>
public sealed record ResolvedTarget(string Kind, Guid Id, string? NotebookPath, long? JobId);

/// <summary>
/// Finds a run's target in Databricks. A target whose current generation is not synced yet, but on its way, is synced
/// first, inline, through its own kind's synchronizer (its lease, create-or-adopt and guarded writes), so a run asked for
/// right after its notebook was saved starts as soon as the notebook is there instead of a backoff later (unless the
/// target's own last attempt failed: then it keeps its own backoff, and the run waits with its). A target that
/// cannot get there without someone acting (failed, local only, deleted) fails the run with what to do.
/// </summary>
public sealed class RunTargets(AppDbContext db, IServiceProvider services, TimeProvider clock, ILogger<RunTargets> logger)
{
    private const string NotebookPathKey = "databricks_path";
    private const string JobIdKey = "databricks_job_id";

    public Task<ResolvedTarget> ResolveAsync(Run run, CancellationToken cancellationToken) => run.TargetKind switch
    {
        "notebook" => ResolveAsync(db.Notebooks, run, "Notebook", "notebooks", NotebookPathKey,
            (id, metadata) => TextOf(metadata, NotebookPathKey) is { } path ? new ResolvedTarget(Notebook.Kind, id, path, null) : null,
            cancellationToken),
        "pipeline" => ResolveAsync(db.DataPipelines, run, "Data pipeline", "data_pipelines", JobIdKey,
            (id, metadata) => NumberOf(metadata, JobIdKey) is { } jobId ? new ResolvedTarget(DataPipeline.Kind, id, null, jobId) : null,
            cancellationToken),
        _ => throw new PermanentSyncFailure("RUN_TARGET_UNKNOWN", $"Run {run.Id} targets a '{run.TargetKind}', which cannot be run."),
    };

    private async Task<ResolvedTarget> ResolveAsync<T>(
        DbSet<T> targets, Run run, string noun, string route, string key, Func<Guid, string, ResolvedTarget?> located, CancellationToken cancellationToken)
        where T : SyncedResource, IResourceKind
    {
        var target = await FindAsync(targets, run, cancellationToken);
        if (target is { DeletedAt: null, SyncStatus: SyncStatus.Pending or SyncStatus.Syncing } && target.SyncedGeneration < target.Generation
            && !IsBackingOff(target))
        {
            logger.LogInformation("Run {RunId}: {Kind} {TargetId} is not synced yet (generation {Generation}); syncing it first",
                run.Id, T.Kind, target.Id, target.Generation);
            await services.GetRequiredKeyedService<IResourceSynchronizer>(T.Kind)
                .SyncNowAsync(target.TenantId, target.Id, cancellationToken);
            target = await FindAsync(targets, run, cancellationToken);
        }

        var what = $"{noun} {run.TargetId}";
        switch (target)
        {
            case null or { DeletedAt: not null }:
                throw new PermanentSyncFailure("RUN_TARGET_DELETED", $"{what} was deleted before the run could start.");
            case { SyncStatus: SyncStatus.LocalOnly }:
                throw new PermanentSyncFailure("RUN_TARGET_LOCAL_ONLY",
                    $"{what} is not synced to Databricks: the integration was off for the tenant when it was saved. Enable it, call " +
                    "POST /api/v1/databricks/initialize (which syncs the tenant's local resources), then start the run again.");
            case { SyncStatus: SyncStatus.Failed }:
                throw new PermanentSyncFailure("RUN_TARGET_FAILED",
                    $"{what} failed to sync to Databricks ({target.LastErrorCode}: {target.LastErrorMessage}). Fix that, retry it " +
                    $"(POST /api/v1/{route}/{target.Id}/retry), then start the run again.");
            case { SyncStatus: SyncStatus.Synced } when target.SyncedGeneration >= target.Generation:
                return located(target.Id, target.Metadata) ?? throw new PermanentSyncFailure("RUN_TARGET_NOT_IN_DATABRICKS",
                    $"{what} is marked synced but its metadata has no '{key}'. Retry its sync (POST /api/v1/{route}/{target.Id}/retry), then start the run again.");
            default:
                // Still on its way (its own sync is retrying, or another worker holds it): a transient wait with backoff.
                throw new ConnectorException(null, "RUN_TARGET_PENDING",
                    $"Waiting for {what} to sync to Databricks first (it is '{target.SyncStatus.ToName()}').");
        }
    }

    /// <summary>
    /// A target whose last attempt failed waits for its own retry: driving it from every waiting run would spend its attempt
    /// budget once per run and ignore its backoff. A target never tried, or under way (its lease is then waited for), is driven.
    /// </summary>
    private bool IsBackingOff(SyncedResource target) =>
        target is { SyncStatus: SyncStatus.Pending, SyncAttempts: > 0, LastErrorCode: not null } && target.NextAttemptAt > clock.GetUtcNow();

    private static Task<T?> FindAsync<T>(DbSet<T> targets, Run run, CancellationToken cancellationToken) where T : SyncedResource =>
        targets.FindReadOnlyAsync(run.TenantId, run.TargetId, liveOnly: false, cancellationToken);

    private static string? TextOf(string metadata, string key) =>
        JsonNode.Parse(metadata) is JsonObject node && node[key] is JsonValue value && value.TryGetValue(out string? text) && text.Length > 0 ? text : null;

    /// <summary>A job id, stored as a number (or, by a lenient writer, as its text).</summary>
    private static long? NumberOf(string metadata, string key)
    {
        if (JsonNode.Parse(metadata) is not JsonObject node || node[key] is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue(out long number))
        {
            return number;
        }

        return value.TryGetValue(out string? text) && long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }
}
