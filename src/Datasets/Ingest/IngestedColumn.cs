namespace AgentProvision.Datasets.Ingest;

/// <summary>A column of the written Parquet file: its (cleaned) name and its final type.</summary>
public sealed record IngestedColumn(string Name, ColumnType Type)
{
    /// <summary>The pandas dtype name the original API reported for this type, which clients still read.</summary>
    public string Dtype => Type switch
    {
        ColumnType.Integer => "int64",
        ColumnType.Float => "float64",
        ColumnType.Boolean => "bool",
        ColumnType.Timestamp => "datetime64[ns]",
        _ => "object",
    };
}
