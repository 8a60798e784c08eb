namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// The input cannot be ingested as it is. <see cref="Exception.Message"/> is for the person who uploaded it: it names the
/// line (the 1-based physical CSV line, or the record's index in the JSON list), the problem, and what to do about it.
/// </summary>
public sealed class IngestRejected : Exception
{
    public IngestRejected(string code, string message, long? line = null, string? column = null, int statusCode = BadContent)
        : base(message)
    {
        Code = code;
        Line = line;
        Column = column;
        StatusCode = statusCode;
    }

    /// <summary>400: the content is wrong.</summary>
    public const int BadContent = 400;

    /// <summary>413: the content passes a size limit.</summary>
    public const int TooLarge = 413;

    /// <summary>A stable, machine-readable reason: one of <see cref="IngestRejectCodes"/>.</summary>
    public string Code { get; }

    /// <summary>The 1-based CSV line, or the 0-based index of the JSON record; null when no single line is at fault.</summary>
    public long? Line { get; }

    /// <summary>The column at fault, when there is one.</summary>
    public string? Column { get; }

    /// <summary>The HTTP status this maps to: 400 for bad content, 413 for size limits.</summary>
    public int StatusCode { get; }
}
