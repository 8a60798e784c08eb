namespace AgentProvision.Datasets.Query;

/// <summary>What GET /datasets/{id}/schema answers.</summary>
/// <param name="Columns">DuckDB's DESCRIBE rows: column_name, column_type, null, key, default, extra.</param>
/// <param name="SampleValues">Up to five distinct non-null values per column name, smallest first, from the first rows.</param>
public sealed record DatasetSchemaInfo(
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Columns,
    IReadOnlyDictionary<string, IReadOnlyList<object?>> SampleValues,
    long RowCount);
