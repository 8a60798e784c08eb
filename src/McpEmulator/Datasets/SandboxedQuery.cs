using System.Diagnostics;
using System.Text.Json;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using DuckDB.NET.Data;

namespace AgentProvision.McpEmulator.Datasets;

/// <summary>
/// Runs a tenant's SQL for real, in a DuckDB of its own: the tenant's tables of one catalog are loaded into memory,
/// then the database is locked down (<see cref="DuckDb.LockDown"/>) before the SQL runs. The SQL can read only those
/// tables, neither files nor other tenants' data; anything it writes dies with the database at the end of the call.
/// </summary>
internal static class SandboxedQuery
{
    /// <summary>The original MCP server appends <c>LIMIT 1000</c> to SQL without one; the emulator reads no more rows than that.</summary>
    public const int MaxRows = 1000;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>DuckDB's own database names; a catalog with one of them stays in the default database.</summary>
    private static readonly HashSet<string> ReservedDatabases = new(StringComparer.OrdinalIgnoreCase) { "memory", "system", "temp", "main" };

    public static QueryDatasetResult Run(string catalog, IReadOnlyList<StoredDataset> tables, string sql, CancellationToken cancellationToken)
    {
        using var connection = DuckDb.OpenInMemory();
        Load(connection, catalog, tables);
        DuckDb.LockDown(connection);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var cancel = timeout.Token.Register(command.Cancel);

        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = ReadRows(reader, columns);
            return new QueryDatasetResult(rows, columns, rows.Count, stopwatch.Elapsed.TotalMilliseconds);
        }
        catch (DuckDBException error)
        {
            throw ConnectorException.InvalidParameter(error.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw ConnectorException.InvalidParameter($"The query ran longer than {Timeout.TotalSeconds:0} s and was cancelled.");
        }
    }

    /// <summary>
    /// Each table under its Unity Catalog name, <c>{catalog}.bronze.{table}</c>, with <c>USE {catalog}.bronze</c>, so
    /// SQL may name a table as the original client does (just the dataset name), by schema, or in full.
    /// </summary>
    private static void Load(DuckDBConnection connection, string catalog, IReadOnlyList<StoredDataset> tables)
    {
        var database = ReservedDatabases.Contains(catalog) ? "memory" : catalog;
        if (database != "memory")
        {
            DuckDb.Execute(connection, $"ATTACH ':memory:' AS {DuckDb.Identifier(database)}");
        }

        var schema = $"{DuckDb.Identifier(database)}.{DuckDb.Identifier(DatasetName.Schema)}";
        DuckDb.Execute(connection, $"CREATE SCHEMA {schema}");
        foreach (var table in tables)
        {
            using var file = TemporaryParquetFile.Write(table.Parquet);
            DuckDb.Execute(connection,
                $"CREATE TABLE {schema}.{DuckDb.Identifier(table.TableName)} AS SELECT * FROM read_parquet({DuckDb.Literal(file.Path)})");
        }

        DuckDb.Execute(connection, $"USE {schema}");
    }

    private static List<Dictionary<string, JsonElement>> ReadRows(DuckDBDataReader reader, List<string> columns)
    {
        var rows = new List<Dictionary<string, JsonElement>>();
        while (rows.Count < MaxRows && reader.Read())
        {
            var row = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            for (var i = 0; i < columns.Count; i++)
            {
                // Two result columns of one name (SELECT a, a): a JSON object can hold only one, so the row keeps the first.
                row.TryAdd(columns[i], SqlValues.ToJson(reader.IsDBNull(i) ? null : reader.GetValue(i)));
            }

            rows.Add(row);
        }

        return rows;
    }
}
