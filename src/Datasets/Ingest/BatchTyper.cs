using Microsoft.Extensions.Logging;

namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// Decides the column types from the first rows and converts each buffered row group to typed columns, widening a
/// column when a value does not fit (the rule: <see cref="ColumnTypes"/>). The row group's text is still at hand, so a
/// widened column is converted again from its original text.
/// </summary>
internal sealed class BatchTyper(IReadOnlyList<string> names, int sampleRows, ILogger logger)
{
    private ColumnType[]? _types;
    private long _rowsBefore;

    /// <summary>The current column types; null until the first row group.</summary>
    public IReadOnlyList<ColumnType>? Types => _types;

    public void Convert(RawBatch raw, TypedBatch into)
    {
        _types ??= Infer(raw, sampleRows);
        for (var c = 0; c < _types.Length; c++)
        {
            var column = raw.Columns[c];
            int misfit;
            while ((misfit = Fill(into.Columns[c], column, _types[c])) >= 0)
            {
                var widened = ColumnTypes.Widen(_types[c], column[misfit]);
                IngestLog.ColumnWidened(logger, names[c], _types[c], widened, _rowsBefore + misfit + 1);
                _types[c] = widened;
            }
        }

        _types.CopyTo(into.Types, 0);
        into.RowCount = raw.RowCount;
        _rowsBefore += raw.RowCount;
    }

    /// <summary>The join of the value types in the first <paramref name="sampleRows"/> rows; string where there is no value.</summary>
    internal static ColumnType[] Infer(RawBatch raw, int sampleRows)
    {
        var rows = Math.Min(sampleRows, raw.RowCount);
        var types = new ColumnType[raw.Columns.Length];
        for (var c = 0; c < types.Length; c++)
        {
            ColumnType? type = null;
            for (var row = 0; row < rows && type != ColumnType.String; row++)
            {
                var value = raw.Columns[c][row];
                if (!value.IsEmpty)
                {
                    var valueType = ValueText.Classify(value);
                    type = type is { } known ? ColumnTypes.Join(known, valueType) : valueType;
                }
            }

            types[c] = type ?? ColumnType.String;
        }

        return types;
    }

    /// <summary>Converts a column; returns -1, or the first row whose value does not fit <paramref name="type"/>.</summary>
    private static int Fill(ColumnBuffer into, RawColumn column, ColumnType type)
    {
        into.Reset(type, column.Count, column.ByteCount);
        switch (type)
        {
            case ColumnType.Integer: return Fill<long, IntegerText>(into, column);
            case ColumnType.Float: return Fill<double, FloatText>(into, column);
            case ColumnType.Boolean: return Fill<bool, BooleanText>(into, column);
            case ColumnType.Timestamp: return Fill<DateTime, TimestampText>(into, column);
            default:
                into.AddStrings(column);
                return -1;
        }
    }

    // Generic over a struct so the JIT compiles one loop per type with the parse inlined, instead of a delegate call per value.
    private static int Fill<T, TText>(ColumnBuffer into, RawColumn column)
        where TText : struct, ITypedText<T>
    {
        for (var row = 0; row < column.Count; row++)
        {
            var value = column[row];
            if (value.IsEmpty)
            {
                into.AddNull();
            }
            else if (TText.TryParse(value, out var parsed))
            {
                TText.Add(into, parsed);
            }
            else
            {
                return row;
            }
        }

        return -1;
    }

    private interface ITypedText<T>
    {
        static abstract bool TryParse(ReadOnlySpan<byte> text, out T value);

        static abstract void Add(ColumnBuffer into, T value);
    }

    private readonly struct IntegerText : ITypedText<long>
    {
        public static bool TryParse(ReadOnlySpan<byte> text, out long value) => ValueText.TryInteger(text, out value);

        public static void Add(ColumnBuffer into, long value) => into.Add(value);
    }

    private readonly struct FloatText : ITypedText<double>
    {
        public static bool TryParse(ReadOnlySpan<byte> text, out double value) => ValueText.TryFloat(text, out value);

        public static void Add(ColumnBuffer into, double value) => into.Add(value);
    }

    private readonly struct BooleanText : ITypedText<bool>
    {
        public static bool TryParse(ReadOnlySpan<byte> text, out bool value) => ValueText.TryBoolean(text, out value);

        public static void Add(ColumnBuffer into, bool value) => into.Add(value);
    }

    private readonly struct TimestampText : ITypedText<DateTime>
    {
        public static bool TryParse(ReadOnlySpan<byte> text, out DateTime value) => ValueText.TryTimestamp(text, out value);

        public static void Add(ColumnBuffer into, DateTime value) => into.Add(value);
    }
}
