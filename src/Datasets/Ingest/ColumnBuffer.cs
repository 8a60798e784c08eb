using System.Text;
using Parquet;
using Parquet.Schema;

namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// One column of a row group, typed, in the layout Parquet.Net writes without copying: the non-null values packed in
/// one array and a definition level per row (1 = value, 0 = null). Strings are slices of one char array, not a string
/// each. The arrays are kept between row groups and only grow.
/// </summary>
internal sealed class ColumnBuffer
{
    private int[] _definitions = [];
    private long[] _longs = [];
    private double[] _doubles = [];
    private bool[] _booleans = [];
    private DateTime[] _timestamps = [];
    private ReadOnlyMemory<char>[] _strings = [];
    private char[] _chars = [];
    private int _charCount;

    public ColumnType Type { get; private set; }

    public int RowCount { get; private set; }

    public int ValueCount { get; private set; }

    /// <summary>Empties the buffer for <paramref name="rows"/> rows of <paramref name="type"/>, with room for that many chars of strings.</summary>
    public void Reset(ColumnType type, int rows, int chars = 0)
    {
        Type = type;
        RowCount = 0;
        ValueCount = 0;
        _charCount = 0;
        Ensure(ref _definitions, rows);
        switch (type)
        {
            case ColumnType.Integer: Ensure(ref _longs, rows); break;
            case ColumnType.Float: Ensure(ref _doubles, rows); break;
            case ColumnType.Boolean: Ensure(ref _booleans, rows); break;
            case ColumnType.Timestamp: Ensure(ref _timestamps, rows); break;
            default:
                Ensure(ref _strings, rows);
                Ensure(ref _chars, chars);
                break;
        }
    }

    public void AddNull() => Define(0);

    public void Add(long value)
    {
        Grow(ref _longs);
        _longs[ValueCount++] = value;
        Define(1);
    }

    public void Add(double value)
    {
        Grow(ref _doubles);
        _doubles[ValueCount++] = value;
        Define(1);
    }

    public void Add(bool value)
    {
        Grow(ref _booleans);
        _booleans[ValueCount++] = value;
        Define(1);
    }

    public void Add(DateTime value)
    {
        Grow(ref _timestamps);
        _timestamps[ValueCount++] = value;
        Define(1);
    }

    public void Add(ReadOnlySpan<char> value)
    {
        var slot = TakeChars(value.Length, out var memory);
        value.CopyTo(slot);
        AddString(memory);
    }

    /// <summary>Adds a string given as UTF-8 (already checked to be valid).</summary>
    public void AddUtf8(ReadOnlySpan<byte> value)
    {
        // UTF-8 never decodes to more chars than it has bytes.
        var slot = TakeChars(value.Length, out var memory);
        var written = Encoding.UTF8.GetChars(value, slot);
        AddString(memory[..written]);
        _charCount -= value.Length - written;
    }

    /// <summary>
    /// Adds every value of <paramref name="column"/> as a string (empty = null). Pure ASCII text, the usual case, is
    /// widened to chars in one call and sliced where the values end.
    /// </summary>
    public void AddStrings(RawColumn column)
    {
        var bytes = column.Bytes;
        if (!Ascii.IsValid(bytes))
        {
            for (var row = 0; row < column.Count; row++)
            {
                AddUtf8OrNull(column[row]);
            }

            return;
        }

        var slot = TakeChars(bytes.Length, out var all);
        Ascii.ToUtf16(bytes, slot, out _);
        var start = 0;
        foreach (var end in column.Ends)
        {
            if (end == start)
            {
                AddNull();
            }
            else
            {
                AddString(all[start..end]);
            }

            start = end;
        }
    }

    /// <summary>Writes the column into <paramref name="rowGroup"/> (columns must be written in schema order).</summary>
    public Task WriteAsync(ParquetRowGroupWriter rowGroup, DataField field, CancellationToken cancellationToken)
    {
        ReadOnlyMemory<int> definitions = _definitions.AsMemory(0, RowCount);
        return Type switch
        {
            ColumnType.Integer => rowGroup.WriteAllPartsAsync<long>(field, _longs.AsMemory(0, ValueCount), definitions, null, cancellationToken),
            ColumnType.Float => rowGroup.WriteAllPartsAsync<double>(field, _doubles.AsMemory(0, ValueCount), definitions, null, cancellationToken),
            ColumnType.Boolean => rowGroup.WriteAllPartsAsync<bool>(field, _booleans.AsMemory(0, ValueCount), definitions, null, cancellationToken),
            ColumnType.Timestamp => rowGroup.WriteAllPartsAsync<DateTime>(field, _timestamps.AsMemory(0, ValueCount), definitions, null, cancellationToken),
            _ => rowGroup.WriteAllPartsAsync<ReadOnlyMemory<char>>(field, _strings.AsMemory(0, ValueCount), definitions, null, cancellationToken),
        };
    }

    /// <summary>Adds the values of a numeric column to <paramref name="stats"/>.</summary>
    public void AddTo(NumericStats stats)
    {
        if (Type == ColumnType.Integer)
        {
            foreach (var value in _longs.AsSpan(0, ValueCount))
            {
                stats.Add(value);
            }
        }
        else if (Type == ColumnType.Float)
        {
            foreach (var value in _doubles.AsSpan(0, ValueCount))
            {
                stats.Add(value);
            }
        }
    }

    private void AddUtf8OrNull(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            AddNull();
        }
        else
        {
            AddUtf8(value);
        }
    }

    private void AddString(ReadOnlyMemory<char> value)
    {
        Grow(ref _strings);
        _strings[ValueCount++] = value;
        Define(1);
    }

    private void Define(int level)
    {
        Grow(ref _definitions, RowCount);
        _definitions[RowCount++] = level;
    }

    private void Grow<T>(ref T[] array) => Grow(ref array, ValueCount);

    private static void Grow<T>(ref T[] array, int index)
    {
        if (index == array.Length)
        {
            Array.Resize(ref array, Math.Max(16, array.Length * 2));
        }
    }

    /// <summary>
    /// Room for <paramref name="length"/> chars. When the array is full a bigger one replaces it; the slices already
    /// handed out keep the old one alive until the row group is written, so nothing is copied.
    /// </summary>
    private Span<char> TakeChars(int length, out ReadOnlyMemory<char> memory)
    {
        if (_charCount + length > _chars.Length)
        {
            _chars = new char[Math.Max(length, Math.Max(4096, _chars.Length * 2))];
            _charCount = 0;
        }

        memory = _chars.AsMemory(_charCount, length);
        var span = _chars.AsSpan(_charCount, length);
        _charCount += length;
        return span;
    }

    private static void Ensure<T>(ref T[] array, int length)
    {
        if (array.Length < length)
        {
            // Row groups vary a little in size (the text bound cuts them): grow with headroom, not to each new size.
            array = new T[Math.Max(length, array.Length + (array.Length / 2))];
        }
    }
}
