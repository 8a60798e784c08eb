using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using DuckDB.NET.Data;

namespace AgentProvision.McpEmulator.Datasets;

/// <summary>What table metadata reports about a Parquet body: its rows and its columns in Databricks type names.</summary>
internal sealed record ParquetShape(long RowCount, IReadOnlyList<DatasetColumn> Columns)
{
    /// <summary>Reads the shape with DuckDB; a body DuckDB cannot read as Parquet is the caller's 400.</summary>
    public static ParquetShape Of(byte[] parquet)
    {
        using var file = TemporaryParquetFile.Write(parquet);
        var source = $"read_parquet({DuckDb.Literal(file.Path)})";
        try
        {
            using var connection = DuckDb.OpenInMemory();
            var rowCount = DuckDb.Scalar<long>(connection, $"SELECT count(*) FROM {source}");
            return new ParquetShape(rowCount, Describe(connection, source));
        }
        catch (DuckDBException error)
        {
            // DuckDB names the temp path; the caller only knows the file it sent.
            throw ConnectorException.InvalidParameter(
                "The file is not a valid Parquet file: " + error.Message.Replace(file.Path, "upload.parquet", StringComparison.Ordinal));
        }
    }

    private static List<DatasetColumn> Describe(DuckDBConnection connection, string source)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"DESCRIBE SELECT * FROM {source}";
        using var reader = command.ExecuteReader();
        var columns = new List<DatasetColumn>();
        while (reader.Read())
        {
            columns.Add(new DatasetColumn(reader.GetString(0), ColumnTypes.ToDatabricks(reader.GetString(1))));
        }

        return columns;
    }
}
