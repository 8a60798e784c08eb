namespace AgentProvision.Datasets.Ingest;

/// <summary>The rows of the next row group as text, column by column, until they are converted to typed columns.</summary>
internal sealed class RawBatch(int columnCount)
{
    public RawColumn[] Columns { get; } = Enumerable.Range(0, columnCount).Select(_ => new RawColumn()).ToArray();

    public int RowCount { get; private set; }

    /// <summary>Bytes of text held by all columns.</summary>
    public long ByteCount { get; private set; }

    /// <summary>Appends field <paramref name="column"/> of the row being read; <see cref="EndRow"/> once all are in.</summary>
    public void Add(int column, ReadOnlySpan<byte> value)
    {
        Columns[column].Add(value);
        ByteCount += value.Length;
    }

    public void EndRow() => RowCount++;

    public void Clear()
    {
        foreach (var column in Columns)
        {
            column.Clear();
        }

        RowCount = 0;
        ByteCount = 0;
    }
}
