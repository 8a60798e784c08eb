using Npgsql;

namespace AgentProvision.Persistence.Outbox;

/// <summary>The outbox at a glance: what waits to be published, how long the oldest has waited, what is parked.</summary>
public sealed record OutboxBacklog(long Undispatched, double OldestAgeSeconds, long Parked)
{
    // One scan of the undispatched rows (the partial indexes keep dispatched history out of it).
    private const string Sql = """
        SELECT count(*) FILTER (WHERE parked_at IS NULL),
               coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE parked_at IS NULL)), 0)::float8,
               count(*) FILTER (WHERE parked_at IS NOT NULL)
        FROM outbox_messages
        WHERE dispatched_at IS NULL
        """;

    public static async Task<OutboxBacklog> ReadAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new OutboxBacklog(reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2));
    }
}
