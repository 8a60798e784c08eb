using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentProvision.Api.Infrastructure;

public static class DbExceptionExtensions
{
    public static bool IsUniqueViolation(this DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
