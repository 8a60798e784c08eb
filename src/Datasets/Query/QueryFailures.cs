using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace AgentProvision.Datasets.Query;

/// <summary>DuckDB's errors as the tenant sees them: QUERY_FAILED with DuckDB's message, the server's path left out.</summary>
internal static class QueryFailures
{
    public static QueryRejected Failed(DuckDBException error, SandboxDatabase database, LocalQueryLimits limits)
    {
        var message = error.Message.Replace(database.ParquetPath, "dataset", StringComparison.Ordinal);
        if (error.ErrorType == DuckDBErrorType.OutOfMemory)
        {
            // DuckDB goes on to suggest SET memory_limit and a temp directory, neither of which the tenant can do.
            message = $"{message.Split('\n')[0].Trim()} (a query may use {limits.MemoryLimit})";
        }

        return new QueryRejected(QueryRejected.QueryFailed, $"Query execution failed: {message.Trim()}", error);
    }

    /// <summary>DuckDB.NET reports an interrupted command as cancelled; DuckDB itself as an INTERRUPT error.</summary>
    public static bool IsInterrupt(Exception error) =>
        error is OperationCanceledException || error is DuckDBException { ErrorType: DuckDBErrorType.Interrupt };

    public static QueryRejected TimedOut(LocalQueryLimits limits) => new(QueryRejected.QueryTimeout,
        $"The query ran longer than {limits.Timeout.TotalSeconds:0.###} s and was stopped. Narrow it (a WHERE, fewer joins, an aggregate) and try again.");
}
