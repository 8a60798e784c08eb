namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// One column of the rows being buffered, as the UTF-8 text of its values laid end to end in one array, so a row group
/// costs a few arrays rather than a string per field. The arrays are kept between row groups and only grow.
/// </summary>
internal sealed class RawColumn
{
    private byte[] _bytes = new byte[4096];
    private int[] _ends = new int[1024];

    public int Count { get; private set; }

    /// <summary>Bytes of text held, for the row group's size bound.</summary>
    public int ByteCount { get; private set; }

    /// <summary>The text of row <paramref name="row"/>; empty means null.</summary>
    public ReadOnlySpan<byte> this[int row] => _bytes.AsSpan(row == 0 ? 0 : _ends[row - 1], _ends[row] - (row == 0 ? 0 : _ends[row - 1]));

    /// <summary>All the values' text, end to end.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes.AsSpan(0, ByteCount);

    /// <summary>Where each value ends in <see cref="Bytes"/>; a value starts where the one before it ends.</summary>
    public ReadOnlySpan<int> Ends => _ends.AsSpan(0, Count);

    public void Add(ReadOnlySpan<byte> value)
    {
        if (ByteCount + value.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, ByteCount + value.Length));
        }

        if (Count == _ends.Length)
        {
            Array.Resize(ref _ends, _ends.Length * 2);
        }

        value.CopyTo(_bytes.AsSpan(ByteCount));
        ByteCount += value.Length;
        _ends[Count++] = ByteCount;
    }

    public void Clear()
    {
        Count = 0;
        ByteCount = 0;
    }
}
