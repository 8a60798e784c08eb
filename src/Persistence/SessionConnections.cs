using Npgsql;

namespace AgentProvision.Persistence;

/// <summary>
/// Connections for work that leaves state on its session: a LISTEN, a session advisory lock. They are never pooled,
/// so that state ends when the connection is closed, whatever went wrong before. The pooled data source can then skip
/// the reset a reused connection would otherwise need (<see cref="ConnectionDefaults.NoResetOnClose"/>): eight
/// statements before the next command, on every sync step.
/// </summary>
public sealed class SessionConnections(string connectionString) : IAsyncDisposable
{
    private readonly NpgsqlDataSource unpooled =
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);

    /// <summary>A connection of its own, closed for real (not returned to a pool) when disposed.</summary>
    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => unpooled.OpenConnectionAsync(cancellationToken);

    public ValueTask DisposeAsync() => unpooled.DisposeAsync();
}
