namespace AgentProvision.Datasets.Ingest;

/// <summary>What an ingest wrote.</summary>
/// <param name="RowCount">Data rows written (the header is not counted).</param>
/// <param name="Columns">The columns in file order, with their final types.</param>
/// <param name="SampleRows">
/// The first rows (at most <see cref="IngestResult.SampleRowCount"/>) by column name, typed as their columns finally are:
/// <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>, <see cref="DateTime"/> (UTC), <see cref="string"/> or null.
/// </param>
/// <param name="NumericSummary">One entry per integer or float column, in column order.</param>
/// <param name="BytesRead">Bytes of input read: the CSV as uploaded, or the UTF-8 JSON text of the records.</param>
/// <param name="Delimiter">The CSV delimiter used (given or detected); null for JSON records.</param>
public sealed record IngestResult(
    long RowCount,
    IReadOnlyList<IngestedColumn> Columns,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> SampleRows,
    IReadOnlyList<NumericColumnSummary> NumericSummary,
    long BytesRead,
    char? Delimiter)
{
    /// <summary>How many rows <see cref="SampleRows"/> keeps, as the original API did.</summary>
    public const int SampleRowCount = 10;
}
