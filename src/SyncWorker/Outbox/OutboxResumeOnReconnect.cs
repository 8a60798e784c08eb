using AgentProvision.SyncWorker.Messaging;
using Npgsql;

namespace AgentProvision.SyncWorker.Outbox;

/// <summary>
/// When RabbitMQ is back after an outage, rows whose earlier publishes failed are due again at once (their publish
/// backoff was about the broker, not about them) and the dispatcher is woken, so the backlog goes out within a
/// moment of the reconnect instead of after each row's backoff (up to 10 s) and the next poll.
/// </summary>
public sealed class OutboxResumeOnReconnect(
    BrokerConnection broker, NpgsqlDataSource dataSource, OutboxWakeUp wakeUp, ILogger<OutboxResumeOnReconnect> logger)
    : BackgroundService
{
    private const string ReleaseSql = """
        UPDATE outbox_messages SET next_attempt_at = NULL
        WHERE dispatched_at IS NULL AND parked_at IS NULL AND next_attempt_at > now()
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await broker.Reconnected.WaitAsync(stoppingToken);
                await using var release = dataSource.CreateCommand(ReleaseSql);
                var released = await release.ExecuteNonQueryAsync(stoppingToken);
                logger.LogInformation("RabbitMQ is back: {Released} outbox rows waiting on a publish backoff are due now", released);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // The dispatcher still finds the rows when their backoff ends; this only makes it sooner.
                logger.LogWarning("Could not release backed-off outbox rows after the reconnect: {Error}", exception.Message);
            }

            wakeUp.OutboxMessagesCommitted();
        }
    }
}
