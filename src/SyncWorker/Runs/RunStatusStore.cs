using Npgsql;
using NpgsqlTypes;

namespace AgentProvision.SyncWorker.Runs;

/// <summary>A run the poller claimed: what it needs to ask Databricks, and its lease (the fencing token of its write).</summary>
public sealed record ClaimedRun(Guid Id, string TargetKind, long RemoteRunId, DateTimeOffset StartedAt, DateTimeOffset LeaseUntil, DateTimeOffset ClaimedAt);

/// <summary>
/// What one status call found, to be written back: a new state (with <see cref="NextPollAt"/>, or <see cref="FinishedAt"/>
/// once final), or, with <see cref="LifeCycleState"/> null, only a later <see cref="NextPollAt"/> (the call failed).
/// </summary>
public sealed record RunObservation(
    Guid Id,
    DateTimeOffset LeaseUntil,
    DateTimeOffset? NextPollAt,
    DateTimeOffset? FinishedAt = null,
    string? LifeCycleState = null,
    string? ResultState = null,
    string? StateMessage = null,
    DateTimeOffset? StartTime = null,
    DateTimeOffset? EndTime = null,
    long? ExecutionDuration = null,
    string? RunPageUrl = null,
    long? NumberInJob = null,
    string? Tasks = null,
    string? Output = null);

/// <summary>
/// The poller's two statements, on their own so their guarantees can be tested against PostgreSQL: a claim that gives
/// each due run to one poller at a time, and one batched write that never touches a finished run.
/// </summary>
public static class RunStatusStore
{
    // Served by the partial index ix_runs_poll_due. SKIP LOCKED: several workers claim disjoint runs. The claim pushes
    // next_poll_at forward (the lease) in the same statement, so once it commits no other worker sees the run as due
    // until the lease ends, and nothing is held locked while the connector is called.
    private const string ClaimSql = """
        WITH due AS (
            SELECT id FROM runs
            WHERE next_poll_at <= now() AND finished_at IS NULL AND remote_run_id IS NOT NULL
            ORDER BY next_poll_at
            LIMIT @batch
            FOR UPDATE SKIP LOCKED)
        UPDATE runs AS r SET next_poll_at = now() + @lease
        FROM due
        WHERE r.id = due.id
        RETURNING r.id, r.target_kind, r.remote_run_id, coalesce(r.start_time, r.created_at), r.next_poll_at, now()
        """;

    // One statement for the whole batch. `finished_at IS NULL`: a finished state is final, whatever arrives later.
    // `next_poll_at = lease`: only the holder of the current lease writes (a poller whose lease ran out and was
    // re-claimed by another worker, or whose run was re-scheduled by a cancel, writes nothing).
    private const string WriteSql = """
        UPDATE runs AS r SET
            life_cycle_state = coalesce(v.life_cycle_state, r.life_cycle_state),
            result_state = coalesce(v.result_state, r.result_state),
            state_message = coalesce(v.state_message, r.state_message),
            start_time = coalesce(v.start_time, r.start_time),
            end_time = coalesce(v.end_time, r.end_time),
            execution_duration = coalesce(v.execution_duration, r.execution_duration),
            run_page_url = coalesce(v.run_page_url, r.run_page_url),
            number_in_job = coalesce(v.number_in_job, r.number_in_job),
            tasks = coalesce(v.tasks::jsonb, r.tasks),
            output = coalesce(v.output, r.output),
            finished_at = v.finished_at,
            next_poll_at = CASE WHEN v.finished_at IS NULL THEN v.next_poll_at END
        FROM unnest(@ids, @leases, @next, @finished, @life, @result, @message, @start, @end, @duration, @url, @number, @tasks, @output)
            AS v(id, lease, next_poll_at, finished_at, life_cycle_state, result_state, state_message, start_time, end_time,
                 execution_duration, run_page_url, number_in_job, tasks, output)
        WHERE r.id = v.id AND r.finished_at IS NULL AND r.next_poll_at = v.lease
        """;

    /// <summary>Claims up to <paramref name="batchSize"/> due runs for <paramref name="lease"/> (its own transaction).</summary>
    public static async Task<List<ClaimedRun>> ClaimDueAsync(
        NpgsqlDataSource dataSource, int batchSize, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var claim = dataSource.CreateCommand(ClaimSql);
        claim.Parameters.AddWithValue("batch", batchSize);
        claim.Parameters.AddWithValue("lease", lease);
        var claimed = new List<ClaimedRun>();
        await using var reader = await claim.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new ClaimedRun(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return claimed;
    }

    /// <summary>Writes what the calls found, in one statement; answers how many runs changed.</summary>
    public static async Task<int> WriteAsync(NpgsqlDataSource dataSource, IReadOnlyCollection<RunObservation> observations, CancellationToken cancellationToken)
    {
        if (observations.Count == 0)
        {
            return 0;
        }

        await using var write = dataSource.CreateCommand(WriteSql);
        Add(write, "ids", NpgsqlDbType.Uuid, observations.Select(o => o.Id).ToArray());
        Add(write, "leases", NpgsqlDbType.TimestampTz, observations.Select(o => (DateTimeOffset?)o.LeaseUntil).ToArray());
        Add(write, "next", NpgsqlDbType.TimestampTz, observations.Select(o => o.NextPollAt).ToArray());
        Add(write, "finished", NpgsqlDbType.TimestampTz, observations.Select(o => o.FinishedAt).ToArray());
        Add(write, "life", NpgsqlDbType.Text, observations.Select(o => o.LifeCycleState).ToArray());
        Add(write, "result", NpgsqlDbType.Text, observations.Select(o => o.ResultState).ToArray());
        Add(write, "message", NpgsqlDbType.Text, observations.Select(o => o.StateMessage).ToArray());
        Add(write, "start", NpgsqlDbType.TimestampTz, observations.Select(o => o.StartTime).ToArray());
        Add(write, "end", NpgsqlDbType.TimestampTz, observations.Select(o => o.EndTime).ToArray());
        Add(write, "duration", NpgsqlDbType.Bigint, observations.Select(o => o.ExecutionDuration).ToArray());
        Add(write, "url", NpgsqlDbType.Text, observations.Select(o => o.RunPageUrl).ToArray());
        Add(write, "number", NpgsqlDbType.Bigint, observations.Select(o => o.NumberInJob).ToArray());
        Add(write, "tasks", NpgsqlDbType.Text, observations.Select(o => o.Tasks).ToArray());
        Add(write, "output", NpgsqlDbType.Text, observations.Select(o => o.Output).ToArray());
        return await write.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType elementType, T[] values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | elementType) { Value = values });
}
