namespace AgentProvision.Datasets.Ingest;

/// <summary>The values of <see cref="IngestRejected.Code"/>.</summary>
public static class IngestRejectCodes
{
    public const string EmptyFile = "empty_file";
    public const string NoRows = "no_rows";
    public const string RaggedRow = "ragged_row";
    public const string InvalidUtf8 = "invalid_utf8";
    public const string MalformedCsv = "malformed_csv";
    public const string UnclosedQuote = "unclosed_quote";
    public const string FieldTooLong = "field_too_long";
    public const string RecordTooLong = "record_too_long";
    public const string TooManyColumns = "too_many_columns";
    public const string TooManyRows = "too_many_rows";
    public const string TooManyBytes = "too_many_bytes";
    public const string NoRecords = "no_records";
    public const string RecordNotObject = "record_not_object";
    public const string NoColumns = "no_columns";
}
