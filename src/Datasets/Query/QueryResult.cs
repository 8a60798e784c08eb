namespace AgentProvision.Datasets.Query;

/// <summary>
/// Rows of one query. Values are what System.Text.Json writes as plain JSON: long, double, decimal, bool, string,
/// DateTime, null, and lists and string-keyed dictionaries of those; dates, times and intervals are ISO-like text,
/// blobs base64, and NaN or infinities their names as text.
/// </summary>
/// <param name="Query">The SQL that actually ran (the checked SQL, or a projection over it that converts nested values).</param>
/// <param name="ExecutionTimeMs">From describing the query to reading its last row; opening the sandbox is not counted.</param>
public sealed record QueryResult(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows,
    int RowCount,
    string Query,
    double ExecutionTimeMs);
