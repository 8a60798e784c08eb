using System.Text.Json;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using DuckDB.NET.Data;

namespace AgentProvision.McpEmulator.Datasets;

/// <summary>
/// create_dataset's schema and rows as a Parquet body, written by DuckDB, so a created table is stored and queried
/// exactly like an uploaded one. Every value goes through <c>CAST</c> to its column's type: a value that does not fit is a 400.
/// </summary>
internal static class RowsToParquet
{
    public static byte[] Write(IReadOnlyList<DatasetColumn>? schema, IReadOnlyList<Dictionary<string, JsonElement>>? rows)
    {
        var columns = CheckSchema(schema);
        using var file = TemporaryParquetFile.Reserve();
        try
        {
            using var connection = DuckDb.OpenInMemory();
            DuckDb.Execute(connection,
                $"CREATE TABLE dataset ({string.Join(", ", columns.Select(column => $"{DuckDb.Identifier(column.Name)} {column.DuckDbType}"))})");
            var insert = $"INSERT INTO dataset VALUES ({string.Join(", ", columns.Select((column, i) => $"CAST(${i + 1} AS {column.DuckDbType})"))})";
            var rowNumber = 0;
            foreach (var row in rows ?? [])
            {
                rowNumber++;
                DuckDb.Execute(connection, insert, ValuesOf(row, columns, rowNumber));
            }

            DuckDb.Execute(connection, $"COPY dataset TO {DuckDb.Literal(file.Path)} (FORMAT parquet)");
            return File.ReadAllBytes(file.Path);
        }
        catch (DuckDBException error)
        {
            throw ConnectorException.InvalidParameter("The rows do not fit the schema: " + error.Message);
        }
    }

    private static List<SchemaColumn> CheckSchema(IReadOnlyList<DatasetColumn>? schema)
    {
        if (schema is not { Count: > 0 })
        {
            throw ConnectorException.InvalidParameter("schema must name at least one column.");
        }

        var columns = new List<SchemaColumn>();
        foreach (var column in schema)
        {
            if (string.IsNullOrWhiteSpace(column.Name))
            {
                throw ConnectorException.InvalidParameter("Every schema column needs a name.");
            }

            // Column names keep their case in Unity Catalog but are matched case-insensitively, so two may not differ by case only.
            if (columns.Any(known => string.Equals(known.Name, column.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw ConnectorException.InvalidParameter($"Column '{column.Name}' appears twice in the schema.");
            }

            columns.Add(new SchemaColumn(column.Name, ColumnTypes.ToDuckDb(column.Type)));
        }

        return columns;
    }

    private static object?[] ValuesOf(Dictionary<string, JsonElement> row, List<SchemaColumn> columns, int rowNumber)
    {
        var values = new object?[columns.Count];
        foreach (var (name, value) in row)
        {
            var index = columns.FindIndex(column => string.Equals(column.Name, name, StringComparison.OrdinalIgnoreCase));
            if (index < 0)
            {
                throw ConnectorException.InvalidParameter($"Row {rowNumber} has column '{name}', which is not in the schema.");
            }

            values[index] = SqlValues.ToParameter(value);
        }

        return values;
    }

    private sealed record SchemaColumn(string Name, string DuckDbType);
}
