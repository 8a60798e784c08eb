using System.Net;
using AgentProvision.Connector;
using AgentProvision.Contracts.Connector;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Pipelines;
using AgentProvision.SyncWorker.Sync;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.SyncWorker.Pipelines;

/// <summary>
/// Makes a pipeline's Databricks job match its row (tasks and schedule converted by <see cref="PipelineJobSettings"/>,
/// the job named <c>pipeline_{id}</c>). jobs/create is not idempotent (every call makes a new job), so the rules are:
/// <list type="bullet">
/// <item>No job known: create it, one call. Just before, the row records that a create is on the wire, and the job id
/// right after; a create whose answer was lost leaves that record behind, and then the next attempt looks the name up
/// (find-by-name extension) and adopts what it finds instead of creating again. Without the extension it never creates
/// blindly: the pipeline fails with <c>JOB_OUTCOME_UNKNOWN</c>, naming the job to check in the workspace.</item>
/// <item>Job known: push the settings in place (update extension), only when they changed since the last push, so a
/// rename costs nothing. Without the extension the job is deleted and created again, the create sent only after the
/// delete is confirmed; a job deleted out of band is created again.</item>
/// <item>Delete: by job id; with none known, by name when the connector can look it up.</item>
/// </list>
/// What the worker learns about the job is written to the row at once, not only at the end of the attempt: an attempt
/// whose generation the user moved on meanwhile still leaves the job's id for the next one.
/// </summary>
public sealed class JobProvisioner(ConnectorClient connector, AppDbContext db, TimeProvider clock, ILogger<JobProvisioner> logger)
    : IResourceProvisioner<DataPipeline>
{
    public async Task<string> EnsureAsync(DataPipeline pipeline, CancellationToken cancellationToken)
    {
        var settings = SettingsOf(pipeline);
        if (PipelineMetadata.JobIdOf(pipeline.Metadata) is { } jobId)
        {
            if (PipelineMetadata.SettingsFingerprintOf(pipeline.Metadata) == settings.Fingerprint())
            {
                logger.LogInformation("Pipeline {PipelineId}: job {JobId} already has these tasks and schedule; nothing to push", pipeline.Id, jobId);
                return pipeline.Metadata;
            }

            return await UpdateOrReplaceAsync(pipeline, jobId, settings, cancellationToken);
        }

        if (PipelineMetadata.CreateSentAt(pipeline.Metadata) is { } sentAt)
        {
            return await AdoptOrCreateAsync(pipeline, settings, sentAt, cancellationToken);
        }

        return await CreateAsync(pipeline, settings, cancellationToken);
    }

    public async Task<string> RemoveAsync(DataPipeline pipeline, CancellationToken cancellationToken)
    {
        if (PipelineMetadata.JobIdOf(pipeline.Metadata) is { } jobId)
        {
            var wasPresent = await connector.DeleteJobAsync(jobId, cancellationToken);
            logger.LogInformation("Pipeline {PipelineId}: job {JobId} deleted from Databricks (was present: {WasPresent})", pipeline.Id, jobId, wasPresent);
            return PipelineMetadata.Removed(pipeline.Metadata);
        }

        // No job known: it never synced, or a create's answer was lost. A job made by such a create can only be found by name.
        var name = DataPipeline.DatabricksNameFor(pipeline.Id);
        var found = await connector.FindJobsByNameAsync(pipeline.TenantId.ToString(), name, cancellationToken);
        if (!found.IsSupported)
        {
            if (PipelineMetadata.CreateSentAt(pipeline.Metadata) is { } sentAt)
            {
                logger.LogWarning("Pipeline {PipelineId} deleted while the outcome of its job create (sent {SentAt}) is unknown, and the connector " +
                    "cannot look jobs up by name: a job '{JobName}' may be left in the workspace", pipeline.Id, sentAt, name);
            }

            return PipelineMetadata.Removed(pipeline.Metadata);
        }

        foreach (var job in found.Value.Jobs)
        {
            var wasPresent = await connector.DeleteJobAsync(job.JobId, cancellationToken);
            logger.LogInformation("Pipeline {PipelineId}: job {JobId} found by name and deleted (was present: {WasPresent})", pipeline.Id, job.JobId, wasPresent);
        }

        return PipelineMetadata.Removed(pipeline.Metadata);
    }

    /// <summary>
    /// Puts the settings on the known job in place. Without the update extension, replaces the job: delete, and only once
    /// the delete is confirmed (deleted, or already gone) create the new one. A job deleted out of band is created again.
    /// </summary>
    private async Task<string> UpdateOrReplaceAsync(DataPipeline pipeline, long jobId, PipelineJobSettings settings, CancellationToken cancellationToken)
    {
        Extension<JobDetails> updated;
        try
        {
            updated = await connector.UpdateJobAsync(jobId, settings.ToUpdateRequest(pipeline.TenantId), cancellationToken);
        }
        catch (ConnectorException gone) when (gone.IsNotFound)
        {
            logger.LogWarning("Pipeline {PipelineId}: job {JobId} was deleted from Databricks out of band; creating it again", pipeline.Id, jobId);
            return await CreateAsync(pipeline, settings, cancellationToken);
        }

        if (updated.IsSupported)
        {
            logger.LogInformation("Pipeline {PipelineId}: job {JobId} updated in place ({Tasks} tasks)", pipeline.Id, jobId, settings.Tasks.Count);
            return await RecordAsync(pipeline,
                PipelineMetadata.Synced(jobId, updated.Value.JobUrl, updated.Value.CreatedTime, settings), cancellationToken);
        }

        var wasPresent = await connector.DeleteJobAsync(jobId, cancellationToken);
        logger.LogInformation("Pipeline {PipelineId}: the connector cannot update jobs in place; job {JobId} deleted (was present: {WasPresent}), " +
            "creating its replacement", pipeline.Id, jobId, wasPresent);
        return await CreateAsync(pipeline, settings, cancellationToken);
    }

    /// <summary>
    /// An earlier create's answer never reached the row: the job may exist. Find it by name and adopt it (bringing its
    /// settings up to date); duplicates, which only a connector without find-by-name could have let happen, are deleted.
    /// No job of that name: create. No way to look: fail, and say what to check.
    /// </summary>
    private async Task<string> AdoptOrCreateAsync(DataPipeline pipeline, PipelineJobSettings settings, string sentAt, CancellationToken cancellationToken)
    {
        var found = await connector.FindJobsByNameAsync(pipeline.TenantId.ToString(), settings.Name, cancellationToken);
        if (!found.IsSupported)
        {
            throw new PermanentSyncFailure(PipelineMetadata.OutcomeUnknownCode,
                $"A create of Databricks job '{settings.Name}' was sent at {sentAt} and its answer was lost, and this connector cannot look " +
                $"jobs up by name, so whether the job exists is unknown; it is not created again blindly. Check the tenant's workspace for " +
                $"a job named '{settings.Name}' and delete it if it is there, then retry the pipeline " +
                $"(POST /api/v1/data_pipelines/{pipeline.Id}/retry): the retry creates the job.");
        }

        var jobs = found.Value.Jobs;
        if (jobs.Count == 0)
        {
            logger.LogInformation("Pipeline {PipelineId}: the create sent at {SentAt} made no job '{JobName}'; creating it", pipeline.Id, sentAt, settings.Name);
            return await CreateAsync(pipeline, settings, cancellationToken);
        }

        // Oldest first; more than one can only come from a connector that once lacked find-by-name. Keep one.
        foreach (var duplicate in jobs.Skip(1))
        {
            var wasPresent = await connector.DeleteJobAsync(duplicate.JobId, cancellationToken);
            logger.LogWarning("Pipeline {PipelineId}: deleted duplicate job {JobId} named '{JobName}' (was present: {WasPresent})",
                pipeline.Id, duplicate.JobId, settings.Name, wasPresent);
        }

        logger.LogInformation("Pipeline {PipelineId}: adopting job {JobId}, made by a create whose answer was lost", pipeline.Id, jobs[0].JobId);
        return await UpdateOrReplaceAsync(pipeline, jobs[0].JobId, settings, cancellationToken);
    }

    /// <summary>
    /// The one place a job is created: the row first records that a create is on the wire, then the create is sent once
    /// (never retried on the wire), then the row records the new job's id. A refusal (4xx) made no job: the record is undone.
    /// </summary>
    private async Task<string> CreateAsync(DataPipeline pipeline, PipelineJobSettings settings, CancellationToken cancellationToken)
    {
        var inDoubt = await RecordAsync(pipeline, PipelineMetadata.CreateSentNow(settings.Name, clock.GetUtcNow()), cancellationToken);
        JobCreated created;
        try
        {
            created = await connector.CreateJobAsync(settings.ToCreateRequest(pipeline.TenantId), cancellationToken);
        }
        catch (ConnectorException refused) when (IsRefusal(refused))
        {
            await RecordAsync(pipeline, PipelineMetadata.WithoutCreateSent(inDoubt), cancellationToken);
            throw;
        }

        logger.LogInformation("Pipeline {PipelineId}: job {JobId} created as '{JobName}' ({Tasks} tasks)", pipeline.Id, created.JobId, settings.Name, settings.Tasks.Count);
        return await RecordAsync(pipeline, PipelineMetadata.Synced(created.JobId, created.JobUrl, created.CreatedTime, settings), cancellationToken);
    }

    /// <summary>
    /// Writes what is now true of the job to the row, whatever its generation (the job exists for every generation), and
    /// keeps it as the metadata this attempt goes on from. Safe under the resource's sync lock: the API writes a
    /// synced pipeline's metadata only through the retry of a failed one, which no attempt is working on.
    /// </summary>
    private async Task<string> RecordAsync(DataPipeline pipeline, string metadata, CancellationToken cancellationToken)
    {
        await db.DataPipelines.Where(p => p.Id == pipeline.Id).ExecuteUpdateAsync(set => set.SetProperty(p => p.Metadata, metadata), cancellationToken);
        pipeline.Metadata = metadata;
        return metadata;
    }

    /// <summary>The API stores only valid configs; one that no longer reads (rules tightened since) needs a person, not a retry.</summary>
    private static PipelineJobSettings SettingsOf(DataPipeline pipeline)
    {
        try
        {
            return PipelineJobSettings.For(pipeline);
        }
        catch (InvalidOperationException invalid)
        {
            throw new PermanentSyncFailure("PIPELINE_CONFIG_INVALID",
                $"{invalid.Message} Send a corrected config (PUT /api/v1/data_pipelines/{pipeline.Id}).");
        }
    }

    /// <summary>The connector answered and said no: nothing was made. (An unreadable 2xx, a timeout or a 5xx may have made a job.)</summary>
    private static bool IsRefusal(ConnectorException failure) =>
        failure.Status is { } status && (int)status is >= 400 and < 500
        && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
}
