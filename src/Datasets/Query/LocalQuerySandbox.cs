using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using DuckDB.NET.Data;

namespace AgentProvision.Datasets.Query;

/// <summary>
/// Runs checked SQL over one dataset's Parquet file in a DuckDB of its own (<see cref="SandboxDatabase"/>): the file
/// is the table <c>dataset</c>, and the database can reach nothing else. At most <c>limit</c> rows are read, as a
/// stream, so a <c>SELECT *</c> over millions of rows stops after the first chunk; the query is interrupted after
/// <see cref="LocalQueryLimits.Timeout"/>.
/// </summary>
public sealed class LocalQuerySandbox
{
    private readonly LocalQueryLimits _limits;

    /// <exception cref="ValidationException">A limit is out of range.</exception>
    public LocalQuerySandbox(LocalQueryLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Validator.ValidateObject(limits, new ValidationContext(limits), validateAllProperties: true);
        _limits = limits;
    }

    /// <exception cref="QueryRejected">The limit is out of range, the query failed, or it ran too long.</exception>
    /// <exception cref="FileNotFoundException">The dataset's file is missing.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled.</exception>
    public QueryResult Run(string parquetPath, CheckedQuery query, int limit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (limit < 1 || limit > _limits.MaxLimit)
        {
            throw new QueryRejected(QueryRejected.InvalidLimit, $"limit must be between 1 and {_limits.MaxLimit}; it was {limit}.");
        }

        return RunUnchecked(parquetPath, query.Sql, limit, ct);
    }

    /// <summary>Any SQL, guard or no guard: the lockdown alone must hold. Tests call this with hostile SQL.</summary>
    internal QueryResult RunUnchecked(string parquetPath, string sql, int limit, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var deadline = new QueryDeadline(_limits.Timeout, ct);
        using var database = SandboxDatabase.Open(parquetPath, _limits);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var shape = ResultShape.Describe(database.Connection, sql, deadline);
            var executed = shape?.Sql ?? sql;
            using var command = database.Connection.CreateCommand();
            command.CommandText = executed;
            // Streaming: DuckDB hands over one chunk at a time; without it the whole result is built first.
            command.UseStreamingMode = true;
            using var interrupter = deadline.Watch(command);
            using var reader = command.ExecuteReader();
            var columns = shape?.Columns ?? ResultShape.FromReader(reader);
            var rows = new List<IReadOnlyDictionary<string, object?>>(Math.Min(limit, 1024));
            while (rows.Count < limit && reader.Read())
            {
                var row = new Dictionary<string, object?>(columns.Count, StringComparer.Ordinal);
                for (var i = 0; i < columns.Count; i++)
                {
                    row[columns[i].Name] = DuckDbValues.Read(reader, i, columns[i].Kind);
                }

                rows.Add(row);
            }

            // An interrupted stream must not pass for a short result.
            if (deadline.Interrupted)
            {
                throw new OperationCanceledException("The query was interrupted.");
            }

            return new QueryResult(columns.Select(column => column.Name).ToList(), rows, rows.Count, executed, stopwatch.Elapsed.TotalMilliseconds);
        }
        catch (Exception error) when (QueryFailures.IsInterrupt(error) && deadline.Passed)
        {
            ct.ThrowIfCancellationRequested();
            throw QueryFailures.TimedOut(_limits);
        }
        catch (DuckDBException error)
        {
            throw QueryFailures.Failed(error, database, _limits);
        }
    }
}
