using Microsoft.Extensions.Logging;

namespace AgentProvision.Datasets.Ingest;

/// <summary>The ingest's log lines, structured so progress can be followed and compared across runs.</summary>
internal static partial class IngestLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information,
        Message = "Ingest of {Source} in progress: {Rows} rows, {Bytes} bytes read, {ElapsedSeconds:F1} s")]
    public static partial void Progress(ILogger logger, string source, long rows, long bytes, double elapsedSeconds);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information,
        Message = "Ingested {Source}: {Rows} rows, {Bytes} bytes, {Columns} columns in {ElapsedSeconds:F2} s ({MegabytesPerSecond:F1} MB/s), {Segments} segment(s)")]
    public static partial void Completed(
        ILogger logger, string source, long rows, long bytes, int columns, double elapsedSeconds, double megabytesPerSecond, int segments);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information,
        Message = "Column {Column} widened from {From} to {To} at data row {Row}")]
    public static partial void ColumnWidened(ILogger logger, string column, ColumnType from, ColumnType to, long row);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information,
        Message = "Ingest of {Source} rejected ({Code}) after {Rows} rows, {Bytes} bytes: {Reason}")]
    public static partial void Rejected(ILogger logger, string source, string code, long rows, long bytes, string reason);
}
