using System.Collections.Concurrent;
using System.Text.Json;
using AgentProvision.Connector;
using AgentProvision.Contracts.Connector;
using AgentProvision.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AgentProvision.SyncWorker.Runs;

/// <summary>
/// Records the runs a pipeline's schedule starts in Databricks, so they show in the pipeline's runs list beside the ones
/// asked for here. Every <see cref="ScheduledRunDiscoveryOptions.Interval"/> it lists the runs of each scheduled pipeline's
/// job and inserts the PERIODIC ones it does not know (the unique index on (tenant, remote run id) makes a second insert
/// a no-op, whoever races). Only PERIODIC: a run our own submit started is recorded by that submit, never here, even in
/// the moment between its start and its record. The new rows are already synced (nothing to submit) and due for the
/// poller, which fills in their tasks and follows them to their end. One worker sweeps at a time (a try-lock).
/// </summary>
public sealed class ScheduledRunDiscovery(
    SessionConnections sessions,
    IServiceScopeFactory scopes,
    IOptions<ScheduledRunDiscoveryOptions> options,
    TimeProvider clock,
    RunTrackingMetrics metrics,
    ILogger<ScheduledRunDiscovery> logger) : BackgroundService
{
    public const string Component = "discovery";
    private const string Periodic = "PERIODIC";

    /// <summary>Key space of our advisory locks for this sweep ("RD"), apart from the per-resource sync locks ("RS").</summary>
    private const int LockClass = 0x5244;

    // A session lock on a connection held for the sweep (not a transaction lock: no transaction stays open across the
    // connector calls). A dead worker's lock goes with its connection, and so does one an unlock failed to release:
    // the connection is never pooled.
    private const string TryLockSql = "SELECT pg_try_advisory_lock(@class, 1)";
    private const string UnlockSql = "SELECT pg_advisory_unlock(@class, 1)";

    // Pipelines with a job in Databricks and a schedule in their config; keyset-paged by id.
    private const string ScheduledPipelinesSql = """
        SELECT id, tenant_id, metadata_ ->> 'databricks_job_id'
        FROM data_pipelines
        WHERE deleted_at IS NULL
          AND jsonb_typeof(config -> 'schedule') = 'object'
          AND metadata_ ? 'databricks_job_id'
          AND id > @after
        ORDER BY id
        LIMIT @page
        """;

    private const string InsertSql = """
        INSERT INTO runs (id, tenant_id, target_kind, target_id, parameters, origin, cancel_requested, remote_run_id,
            life_cycle_state, result_state, state_message, start_time, end_time, execution_duration, run_page_url,
            number_in_job, tasks, next_poll_at, generation, synced_generation, sync_status, sync_attempts, synced_at,
            metadata_, created_at, updated_at)
        SELECT v.id, v.tenant_id, 'pipeline', v.target_id, '{}', 'schedule', false, v.remote_run_id,
            v.life_cycle_state, v.result_state, v.state_message, v.start_time, v.end_time, v.execution_duration, v.run_page_url,
            v.number_in_job, '[]', now(), 1, 1, 'synced', 0, now(),
            v.metadata::jsonb, coalesce(v.start_time, now()), now()
        FROM unnest(@ids, @tenants, @targets, @remote, @life, @result, @message, @start, @end, @duration, @url, @number, @metadata)
            AS v(id, tenant_id, target_id, remote_run_id, life_cycle_state, result_state, state_message, start_time, end_time,
                 execution_duration, run_page_url, number_in_job, metadata)
        ON CONFLICT (tenant_id, remote_run_id) WHERE remote_run_id IS NOT NULL DO NOTHING
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        using var timer = new PeriodicTimer(interval, clock);
        while (await WaitForNextTickAsync(timer, stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Scheduled run discovery failed; it runs again in {Interval}", interval);
            }
        }
    }

    /// <summary>One sweep over every scheduled pipeline; answers how many runs it newly recorded (null: another worker was sweeping).</summary>
    public async Task<int?> SweepAsync(CancellationToken cancellationToken)
    {
        await using var connection = await sessions.OpenAsync(cancellationToken);
        if (!await LockAsync(connection, TryLockSql, cancellationToken))
        {
            return null;
        }

        try
        {
            var settings = options.Value;
            await using var scope = scopes.CreateAsyncScope();
            var connector = scope.ServiceProvider.GetRequiredService<ConnectorClient>();
            var discovered = 0;
            var after = Guid.Empty;
            while (true)
            {
                var page = await ScheduledPipelinesAsync(connection, after, settings.PageSize, cancellationToken);
                var found = new ConcurrentBag<(ScheduledPipeline Pipeline, RunStatus Run)>();
                await Parallel.ForEachAsync(page, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
                    async (pipeline, token) =>
                    {
                        foreach (var run in await ListPeriodicRunsAsync(connector, pipeline, settings.RunsPerPipeline, token))
                        {
                            found.Add((pipeline, run));
                        }
                    });
                discovered += await InsertAsync(connection, found.ToList(), cancellationToken);
                if (page.Count < settings.PageSize)
                {
                    break;
                }

                after = page[^1].Id;
            }

            if (discovered > 0)
            {
                metrics.RecordDiscovered(discovered);
                logger.LogInformation("Recorded {Count} runs started by pipeline schedules", discovered);
            }

            return discovered;
        }
        finally
        {
            await LockAsync(connection, UnlockSql, CancellationToken.None);
        }
    }

    private async Task<IReadOnlyList<RunStatus>> ListPeriodicRunsAsync(
        ConnectorClient connector, ScheduledPipeline pipeline, int limit, CancellationToken cancellationToken)
    {
        try
        {
            var list = await connector.ListJobRunsAsync(pipeline.JobId, limit, cancellationToken);
            metrics.RecordCall(Component, "jobs.runs", succeeded: true);
            return list.Runs.Where(run => run.Trigger == Periodic).ToList();
        }
        catch (ConnectorException failure)
        {
            metrics.RecordCall(Component, "jobs.runs", succeeded: failure.IsNotFound);
            // A job deleted meanwhile (its pipeline's own sync deals with that) or a connector hiccup: next sweep.
            logger.LogDebug("Runs of job {JobId} (pipeline {PipelineId}) not listed: {ErrorCode}: {Error}",
                pipeline.JobId, pipeline.Id, failure.ErrorCode, failure.ConnectorMessage);
            return [];
        }
    }

    private async Task<List<ScheduledPipeline>> ScheduledPipelinesAsync(NpgsqlConnection connection, Guid after, int pageSize, CancellationToken cancellationToken)
    {
        await using var query = new NpgsqlCommand(ScheduledPipelinesSql, connection);
        query.Parameters.AddWithValue("after", after);
        query.Parameters.AddWithValue("page", pageSize);
        var pipelines = new List<ScheduledPipeline>();
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!reader.IsDBNull(2) && long.TryParse(reader.GetString(2), System.Globalization.CultureInfo.InvariantCulture, out var jobId))
                {
                    pipelines.Add(new ScheduledPipeline(reader.GetGuid(0), reader.GetGuid(1), jobId));
                }
            }
        }

        metrics.RecordQueries(Component);
        return pipelines;
    }

    private async Task<int> InsertAsync(NpgsqlConnection connection, List<(ScheduledPipeline Pipeline, RunStatus Run)> found, CancellationToken cancellationToken)
    {
        if (found.Count == 0)
        {
            return 0;
        }

        await using var insert = new NpgsqlCommand(InsertSql, connection);
        Add(insert, "ids", NpgsqlDbType.Uuid, found.Select(_ => Guid.CreateVersion7()).ToArray());
        Add(insert, "tenants", NpgsqlDbType.Uuid, found.Select(f => f.Pipeline.TenantId).ToArray());
        Add(insert, "targets", NpgsqlDbType.Uuid, found.Select(f => f.Pipeline.Id).ToArray());
        Add(insert, "remote", NpgsqlDbType.Bigint, found.Select(f => f.Run.RunId).ToArray());
        Add(insert, "life", NpgsqlDbType.Text, found.Select(f => f.Run.LifeCycleState).ToArray());
        Add(insert, "result", NpgsqlDbType.Text, found.Select(f => f.Run.ResultState).ToArray());
        Add(insert, "message", NpgsqlDbType.Text, found.Select(f => f.Run.StateMessage).ToArray());
        Add(insert, "start", NpgsqlDbType.TimestampTz, found.Select(f => FromEpoch(f.Run.StartTime)).ToArray());
        Add(insert, "end", NpgsqlDbType.TimestampTz, found.Select(f => FromEpoch(f.Run.EndTime)).ToArray());
        Add(insert, "duration", NpgsqlDbType.Bigint, found.Select(f => f.Run.ExecutionDuration).ToArray());
        Add(insert, "url", NpgsqlDbType.Text, found.Select(f => f.Run.RunPageUrl).ToArray());
        Add(insert, "number", NpgsqlDbType.Bigint, found.Select(f => f.Run.NumberInJob).ToArray());
        Add(insert, "metadata", NpgsqlDbType.Text, found.Select(f => Metadata(f.Run)).ToArray());
        var inserted = await insert.ExecuteNonQueryAsync(cancellationToken);
        metrics.RecordQueries(Component);
        return inserted;
    }

    private static string Metadata(RunStatus run) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["databricks_enabled"] = true,
        [RunMetadata.RunId] = run.RunId,
        ["databricks_url"] = run.RunPageUrl,
        ["number_in_job"] = run.NumberInJob,
        ["trigger"] = run.Trigger,
    });

    private static DateTimeOffset? FromEpoch(long? milliseconds) =>
        milliseconds is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType elementType, T[] values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | elementType) { Value = values });

    private static async Task<bool> LockAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("class", LockClass);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private static async Task<bool> WaitForNextTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private sealed record ScheduledPipeline(Guid Id, Guid TenantId, long JobId);
}
