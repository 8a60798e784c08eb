namespace AgentProvision.Datasets.Ingest;

/// <summary>The parts of <see cref="IngestResult"/> that describe the data: sample rows and the numeric summary.</summary>
internal static class IngestSummary
{
    /// <summary>
    /// The sample rows typed as their columns finally are. The text was kept, so a column that widened after the
    /// sample shows its sample values in the wider type (a float <c>5.0</c>, or the original text).
    /// </summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> SampleFromText(
        IReadOnlyList<string> names, IReadOnlyList<ColumnType> types, IEnumerable<byte[][]> rows) =>
        rows.Select(row => (IReadOnlyDictionary<string, object?>)names
            .Select((name, c) => (name, value: Value(types[c], row[c])))
            .ToDictionary(p => p.name, p => p.value))
            .ToArray();

    public static IReadOnlyList<NumericColumnSummary> Numeric(
        IReadOnlyList<string> names, IReadOnlyList<ColumnType> types, IReadOnlyList<NumericStats> stats) =>
        names.Select((name, c) => (name, c))
            .Where(p => ColumnTypes.IsNumeric(types[p.c]))
            .Select(p => stats[p.c].ToSummary(p.name))
            .ToArray();

    private static object? Value(ColumnType type, byte[] text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        // The final type holds every value of the column, so these parse.
        return type switch
        {
            ColumnType.Integer when ValueText.TryInteger(text, out var v) => v,
            ColumnType.Float when ValueText.TryFloat(text, out var v) => v,
            ColumnType.Boolean when ValueText.TryBoolean(text, out var v) => v,
            ColumnType.Timestamp when ValueText.TryTimestamp(text, out var v) => v,
            _ => System.Text.Encoding.UTF8.GetString(text),
        };
    }
}
