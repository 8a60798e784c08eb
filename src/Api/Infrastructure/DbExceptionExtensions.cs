using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentProvision.Api.Infrastructure;

public static class DbExceptionExtensions
{
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>A row refers to a row of <paramref name="table"/> that is gone (e.g. a token outliving its tenant).</summary>
    public static bool IsForeignKeyViolationOn(this DbUpdateException exception, string table) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } violation
        && (violation.ConstraintName?.Contains($"_{table}_", StringComparison.Ordinal) ?? false);

    /// <summary>
    /// The database could not be reached or went away mid-request (a restart, a failover, a full pool): a condition
    /// for the client to retry (503), not a server bug (500). Found anywhere in the chain, as EF wraps it.
    /// </summary>
    public static bool IsDatabaseUnavailable(this Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is NpgsqlException { IsTransient: true }
                || current is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections })
            {
                return true;
            }
        }

        return false;
    }
}
