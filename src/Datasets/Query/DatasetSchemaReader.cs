using System.ComponentModel.DataAnnotations;
using DuckDB.NET.Data;

namespace AgentProvision.Datasets.Query;

/// <summary>
/// A dataset's columns (DuckDB's DESCRIBE), a few sample values per column and its row count, read in the same
/// locked-down database as a query (<see cref="SandboxDatabase"/>).
/// </summary>
public static class DatasetSchemaReader
{
    /// <summary>Samples come from the first rows only, so that a wide or huge file costs a bounded scan per column.</summary>
    internal const int SampleScanRows = 10_000;

    private const int SamplesPerColumn = 5;

    private static readonly string[] DescribeColumns = ["column_name", "column_type", "null", "key", "default", "extra"];

    /// <exception cref="FileNotFoundException">The dataset's file is missing.</exception>
    /// <exception cref="QueryRejected">Reading the file failed (QUERY_FAILED) or took too long (QUERY_TIMEOUT).</exception>
    public static DatasetSchemaInfo Read(string parquetPath, CancellationToken ct) => Read(parquetPath, new LocalQueryLimits(), ct);

    public static DatasetSchemaInfo Read(string parquetPath, LocalQueryLimits limits, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(limits);
        Validator.ValidateObject(limits, new ValidationContext(limits), validateAllProperties: true);
        ct.ThrowIfCancellationRequested();
        var deadline = new QueryDeadline(limits.Timeout, ct);
        using var database = SandboxDatabase.Open(parquetPath, limits);
        try
        {
            var columns = ReadRows(database.Connection, "DESCRIBE dataset", deadline, DescribeColumns.Length)
                .Select(values => (IReadOnlyDictionary<string, object?>)DescribeColumns.Zip(values).ToDictionary(pair => pair.First, pair => pair.Second))
                .ToList();
            var samples = new Dictionary<string, IReadOnlyList<object?>>(StringComparer.Ordinal);
            foreach (var column in columns)
            {
                var name = (string)column["column_name"]!;
                samples[name] = Samples(database.Connection, name, ColumnKinds.Of((string)column["column_type"]!), deadline);
            }

            var rowCount = Convert.ToInt64(ReadRows(database.Connection, "SELECT count(*) FROM dataset", deadline, 1)[0][0],
                System.Globalization.CultureInfo.InvariantCulture);
            return new DatasetSchemaInfo(columns, samples, rowCount);
        }
        catch (Exception error) when (QueryFailures.IsInterrupt(error) && deadline.Passed)
        {
            ct.ThrowIfCancellationRequested();
            throw QueryFailures.TimedOut(limits);
        }
        catch (DuckDBException error)
        {
            throw QueryFailures.Failed(error, database, limits);
        }
    }

    /// <summary>The smallest distinct non-null values among the column's first <see cref="SampleScanRows"/> non-null values.</summary>
    private static List<object?> Samples(DuckDBConnection connection, string column, ColumnKind kind, QueryDeadline deadline)
    {
        var name = SandboxDatabase.Identifier(column);
        var sql = $"SELECT {ColumnKinds.Projection(kind, "v")} FROM (SELECT DISTINCT v FROM " +
                  $"(SELECT {name} AS v FROM dataset WHERE {name} IS NOT NULL LIMIT {SampleScanRows}) ORDER BY v LIMIT {SamplesPerColumn}) AS s(v)";
        return ReadRows(connection, sql, deadline, 1, kind).Select(values => values[0]).ToList();
    }

    private static List<object?[]> ReadRows(DuckDBConnection connection, string sql, QueryDeadline deadline, int width, ColumnKind kind = ColumnKind.Native)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var interrupter = deadline.Watch(command);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, width).Select(i => DuckDbValues.Read(reader, i, kind)).ToArray());
        }

        return rows;
    }
}
