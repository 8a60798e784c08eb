using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace AgentProvision.Persistence.Resilience;

/// <summary>
/// Npgsql's retrying execution strategy, plus what a server restart needs: the shutdown codes count as transient
/// (a fast shutdown ends every session with 57P01; a starting server answers 57P03), and the pool is emptied when the
/// connection itself broke, so the retry opens a new connection instead of taking the next dead one from the pool.
/// </summary>
public sealed class PostgresRestartStrategy(
    ExecutionStrategyDependencies dependencies, NpgsqlDataSource dataSource, DatabaseRetryOptions options)
    : NpgsqlRetryingExecutionStrategy(dependencies, options.MaxRetryCount, options.MaxRetryDelay, ShutdownCodes)
{
    private static readonly string[] ShutdownCodes =
    [
        PostgresErrorCodes.AdminShutdown,
        PostgresErrorCodes.CrashShutdown,
        PostgresErrorCodes.CannotConnectNow,
    ];

    protected override bool ShouldRetryOn(Exception? exception)
    {
        var retry = base.ShouldRetryOn(exception);
        if (retry && exception is not null && BrokeTheConnection(exception))
        {
            // Idle pooled connections died with the server; without this each retry could meet one of them.
            dataSource.Clear();
        }

        return retry;
    }

    private static bool BrokeTheConnection(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown }
        || exception is NpgsqlException and not PostgresException;
}
