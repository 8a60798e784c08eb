namespace AgentProvision.Datasets.Ingest;

/// <summary>A row group ready to write: a typed buffer per column and the types they were converted to.</summary>
internal sealed class TypedBatch(int columnCount)
{
    public ColumnBuffer[] Columns { get; } = Enumerable.Range(0, columnCount).Select(_ => new ColumnBuffer()).ToArray();

    public ColumnType[] Types { get; } = new ColumnType[columnCount];

    public int RowCount { get; set; }
}
