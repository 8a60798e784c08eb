using AgentProvision.Contracts.Connector;

namespace AgentProvision.McpEmulator.Datasets;

/// <summary>One version of a dataset table: its Parquet bytes, kept in memory, and what its metadata reports.</summary>
internal sealed record StoredDataset(
    string CatalogName,
    string TableName,
    byte[] Parquet,
    long Version,
    ParquetShape Shape,
    DateTimeOffset LastModified)
{
    public string FullName => DatasetName.FullName(CatalogName, TableName);

    public DatasetTable ToTable(string status) => new(
        FullName, CatalogName, DatasetName.Schema, TableName, LastModified.ToString("O"),
        status, Version, Shape.RowCount, Parquet.LongLength);

    public DatasetMetadata ToMetadata() => new(
        FullName, Parquet.LongLength, LastModified.ToString("O"), Version, Shape.RowCount, Shape.Columns);
}
