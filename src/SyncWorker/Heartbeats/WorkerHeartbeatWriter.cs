using Npgsql;

namespace AgentProvision.SyncWorker.Heartbeats;

/// <summary>
/// Says "this worker is alive" in <c>worker_heartbeats</c> every <see cref="Interval"/> (one upsert), so the ops
/// dashboard can show which workers run. Rows not seen for a day are removed by whichever worker notices.
/// A database outage only skips beats: the dashboard then shows the worker as gone, which is what an operator needs to know.
/// </summary>
public sealed class WorkerHeartbeatWriter(NpgsqlDataSource dataSource, ILogger<WorkerHeartbeatWriter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private const string UpsertSql = """
        INSERT INTO worker_heartbeats (id, host, started_at, seen_at) VALUES (@id, @host, @started, now())
        ON CONFLICT (id) DO UPDATE SET seen_at = now();
        DELETE FROM worker_heartbeats WHERE seen_at < now() - interval '1 day';
        """;

    private readonly string id = $"{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}@{Environment.MachineName}" is var name && name.Length > 200 ? name[..200] : name;
    private readonly DateTimeOffset startedAt = DateTimeOffset.UtcNow;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await using var command = dataSource.CreateCommand(UpsertSql);
                command.Parameters.AddWithValue("id", id);
                command.Parameters.AddWithValue("host", Environment.MachineName);
                command.Parameters.AddWithValue("started", startedAt);
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                logger.LogWarning("Could not write the worker heartbeat: {Error}", exception.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
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
}
