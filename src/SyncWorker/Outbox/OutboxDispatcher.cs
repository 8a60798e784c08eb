using AgentProvision.SyncWorker.Messaging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace AgentProvision.SyncWorker.Outbox;

/// <summary>
/// Relays committed outbox rows to RabbitMQ (DESIGN.md §2). Claims a bounded batch with FOR UPDATE SKIP LOCKED,
/// so any number of workers can run side by side without sending a row concurrently, publishes it with confirms,
/// and marks the rows dispatched in the same transaction. A crash between publish and commit re-sends
/// (at-least-once); consumers absorb that. A row that failed <see cref="SyncWorkerOptions.MaxPublishAttempts"/> times
/// is parked (<c>parked_at</c>, with its last error): never claimed again until an operator requeues it.
/// </summary>
public sealed class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    OutboxWakeUp wakeUp,
    OutboxPublisher publisher,
    SyncQueueWindow window,
    BrokerConnection broker,
    SyncMetrics metrics,
    IOptions<SyncWorkerOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const string MarkDispatchedSql = """
        UPDATE outbox_messages SET dispatched_at = now(), attempts = attempts + 1, last_error = NULL
        WHERE id = ANY(@ids)
        """;

    private const string MarkFailedSql = """
        UPDATE outbox_messages AS o
        SET attempts = o.attempts + 1, last_error = f.error, next_attempt_at = now() + f.delay,
            parked_at = CASE WHEN o.attempts + 1 >= @max_attempts THEN now() END
        FROM unnest(@ids, @errors, @delays) AS f(id, error, delay)
        WHERE o.id = f.id
        RETURNING o.id, o.parked_at IS NOT NULL
        """;

    private const string CleanUpSql = """
        DELETE FROM outbox_messages WHERE id IN (
            SELECT id FROM outbox_messages WHERE dispatched_at < now() - @retention LIMIT 1000)
        """;

    private static readonly TimeSpan MaxPublishBackoff = TimeSpan.FromSeconds(10);

    /// <summary>How soon a full window is looked at again: consumers drain it at hundreds per second.</summary>
    private static readonly TimeSpan WindowPollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Numbers this process's claims, so a claim's log line and its commit's line can be paired.</summary>
    private long claimSequence;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = wakeUp.ListenAsync(stoppingToken);
        var nextCleanUp = DateTimeOffset.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            var room = options.Value.DispatcherBatchSize;
            try
            {
                // While RabbitMQ is known to be away the rows wait untouched: no publish attempts spent on it (rows are
                // parked after MaxPublishAttempts), and OutboxResumeOnReconnect wakes this loop when it is back.
                room = broker.IsConnected ? await window.RoomAsync(room, stoppingToken) : 0;
                if (room == 0 && broker.IsConnected)
                {
                    await Task.Delay(WindowPollInterval, stoppingToken);
                    continue;
                }

                claimed = room > 0 ? await DispatchBatchAsync(room, stoppingToken) : 0;
                if (DateTimeOffset.UtcNow >= nextCleanUp)
                {
                    await CleanUpAsync(stoppingToken);
                    nextCleanUp = DateTimeOffset.UtcNow + options.Value.OutboxCleanupInterval;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Outbox dispatch failed; retrying after the poll interval. Is PostgreSQL up?");
            }

            // A full batch means more may be waiting: go on at once. Otherwise (or with the broker away) sleep until a
            // NOTIFY, the broker's return or the poll.
            if (room == 0 || claimed < room)
            {
                await wakeUp.WaitAsync(options.Value.DispatcherPollInterval, stoppingToken);
            }
        }

        await listening;
    }

    /// <summary>One claim–publish–mark cycle; answers how many rows it claimed.</summary>
    public Task<int> DispatchBatchAsync(CancellationToken cancellationToken) =>
        DispatchBatchAsync(options.Value.DispatcherBatchSize, cancellationToken);

    private async Task<int> DispatchBatchAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = await OutboxClaims.ClaimAsync(connection, transaction, batchSize, cancellationToken);
        if (rows.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return 0;
        }

        // Debug lines that say which rows this worker held, so several workers can be checked for double claims
        // (the scale-out test does). A claim with no "committed" line died with its transaction: its rows were
        // never marked and another dispatcher may legitimately claim them again.
        var claim = Interlocked.Increment(ref claimSequence);
        var logClaims = logger.IsEnabled(LogLevel.Debug);
        if (logClaims)
        {
            logger.LogDebug(OutboxClaimLog.Claimed, "Outbox claim {Claim} holds {Count} rows: {MessageIds}",
                claim, rows.Count, string.Join(',', rows.Select(row => row.Id)));
        }

        var outcomes = await Task.WhenAll(rows.Select(row => publisher.TryPublishAsync(row, cancellationToken)));
        var published = rows.Where((_, i) => outcomes[i] is null).Select(row => row.Id).ToArray();
        var failed = rows.Select((row, i) => (row, error: outcomes[i])).Where(pair => pair.error is not null).ToArray();

        if (published.Length > 0)
        {
            await using var mark = new NpgsqlCommand(MarkDispatchedSql, connection, transaction);
            mark.Parameters.AddWithValue("ids", published);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        if (failed.Length > 0)
        {
            await using var markFailed = new NpgsqlCommand(MarkFailedSql, connection, transaction);
            markFailed.Parameters.AddWithValue("ids", failed.Select(f => f.row.Id).ToArray());
            markFailed.Parameters.AddWithValue("errors", failed.Select(f => f.error!).ToArray());
            markFailed.Parameters.Add(new NpgsqlParameter("delays", NpgsqlDbType.Array | NpgsqlDbType.Interval)
            {
                Value = failed.Select(f => PublishBackoff(f.row.Attempts + 1)).ToArray(),
            });
            markFailed.Parameters.AddWithValue("max_attempts", options.Value.MaxPublishAttempts);
            var parked = new List<Guid>();
            await using (var reader = await markFailed.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (reader.GetBoolean(1))
                    {
                        parked.Add(reader.GetGuid(0));
                    }
                }
            }

            logger.LogWarning("{Failed} of {Claimed} outbox messages were not published and will be retried; first error: {Error}",
                failed.Length - parked.Count, rows.Count, failed[0].error);
            foreach (var id in parked)
            {
                var error = failed.First(f => f.row.Id == id).error;
                logger.LogError("Outbox message {MessageId} parked after {MaxAttempts} failed publishes: {Error}. " +
                    "Fix the cause, then requeue it: POST /api/v1/ops/outbox/<id>/requeue (operators)",
                    id, options.Value.MaxPublishAttempts, error);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        metrics.RecordPublished(published.Length);
        if (logClaims)
        {
            logger.LogDebug(OutboxClaimLog.Committed, "Outbox claim {Claim} committed: {Published} published, {Failed} to retry: {RetryIds}",
                claim, published.Length, failed.Length, string.Join(',', failed.Select(f => f.row.Id)));
        }

        return rows.Count;
    }

    private async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var cleanUp = new NpgsqlCommand(CleanUpSql, connection);
        cleanUp.Parameters.AddWithValue("retention", options.Value.OutboxRetention);
        var deleted = await cleanUp.ExecuteNonQueryAsync(cancellationToken);
        if (deleted > 0)
        {
            logger.LogInformation("Deleted {Deleted} dispatched outbox messages older than {Retention}", deleted, options.Value.OutboxRetention);
        }
    }

    /// <summary>Short and capped: a broker outage should not leave rows waiting long after it ends.</summary>
    private static TimeSpan PublishBackoff(int attempts) =>
        TimeSpan.FromMilliseconds(Math.Min(MaxPublishBackoff.TotalMilliseconds, 250 * Math.Pow(2, Math.Min(attempts, 10))));
}
