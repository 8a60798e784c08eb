using System.Globalization;

namespace AgentProvision.Datasets.Ingest;

/// <summary>Every rejection in one place, so the messages read alike: where, what, and what to do.</summary>
internal static class Rejections
{
    public static IngestRejected EmptyFile() => new(IngestRejectCodes.EmptyFile,
        "The file is empty. Upload a CSV file with a header row and at least one data row.");

    // The first sentence is the original API's, which clients may match on.
    public static IngestRejected NoRows() => new(IngestRejectCodes.NoRows,
        "Uploaded file contains no rows. The file has a header but no data rows below it; add at least one row.");

    public static IngestRejected Ragged(long line, int fields, int columns) => new(IngestRejectCodes.RaggedRow, Text(
        $"Line {line} has {fields} fields but the header has {columns} columns. Check that line for a missing or extra delimiter, or a value holding the delimiter that is not in quotes."),
        line);

    public static IngestRejected InvalidUtf8(long line, long byteOffset, byte value) => new(IngestRejectCodes.InvalidUtf8, Text(
        $"Line {line} is not valid UTF-8 (byte 0x{value:X2} at byte offset {byteOffset}). Save the file as UTF-8 and upload it again."),
        line);

    public static IngestRejected FieldTooLong(long line, string column, long chars, int max) => new(IngestRejectCodes.FieldTooLong, Text(
        $"Line {line}, column '{column}' has a value of {chars:N0} characters; the limit is {max:N0}. Shorten or split that value."),
        line, column, IngestRejected.TooLarge);

    public static IngestRejected RecordTooLong(long line, int maxBytes) => new(IngestRejectCodes.RecordTooLong, Text(
        $"The record starting on line {line} is longer than {maxBytes:N0} bytes. This is usually a quote that is not closed; check the quoting from that line on."),
        line, statusCode: IngestRejected.TooLarge);

    public static IngestRejected UnclosedQuote(long line) => new(IngestRejectCodes.UnclosedQuote, Text(
        $"Line {line} opens a quoted value that is never closed, so the rest of the file would be one value. Close the quote; a quote inside a quoted value is written twice (\"\")."),
        line);

    public static IngestRejected Malformed(long? line, string detail) => new(IngestRejectCodes.MalformedCsv, Text(
        $"{(line is > 0 ? $"Line {line}" : "The file")} cannot be read as CSV: {detail} Check the quoting and delimiters there."),
        line is > 0 ? line : null);

    public static IngestRejected TooManyColumns(int count, int max) => new(IngestRejectCodes.TooManyColumns, Text(
        $"The header has {count:N0} columns; the limit is {max:N0}. Remove columns or split the file."),
        1, statusCode: IngestRejected.TooLarge);

    public static IngestRejected TooManyRows(long line, long max) => new(IngestRejectCodes.TooManyRows, Text(
        $"Line {line} goes past the limit of {max:N0} data rows. Split the file into smaller files."),
        line, statusCode: IngestRejected.TooLarge);

    public static IngestRejected TooManyBytes(long max) => new(IngestRejectCodes.TooManyBytes, Text(
        $"The upload is larger than the limit of {max:N0} bytes. Split the file into smaller files."),
        statusCode: IngestRejected.TooLarge);

    public static IngestRejected NoRecords() => new(IngestRejectCodes.NoRecords, "No records provided for ingestion.");

    public static IngestRejected RecordNotObject(int index, string kind) => new(IngestRejectCodes.RecordNotObject, Text(
        $"Record at index {index} is a JSON {kind}, not an object. Send a list of objects, such as [{{\"id\": 1, \"name\": \"a\"}}]."),
        index);

    public static IngestRejected TooManyKeys(int index, int max) => new(IngestRejectCodes.TooManyColumns, Text(
        $"Record at index {index} brings the number of distinct keys past the limit of {max:N0} columns. Use fewer keys, or split the records."),
        index, statusCode: IngestRejected.TooLarge);

    public static IngestRejected TooManyRecords(int count, long max) => new(IngestRejectCodes.TooManyRows, Text(
        $"There are {count:N0} records; the limit is {max:N0}. Send them in smaller batches."),
        statusCode: IngestRejected.TooLarge);

    public static IngestRejected RecordValueTooLong(int index, string column, long chars, int max) => new(IngestRejectCodes.FieldTooLong, Text(
        $"Record at index {index}, key '{column}' has a value of {chars:N0} characters; the limit is {max:N0}. Shorten or split that value."),
        index, column, IngestRejected.TooLarge);

    public static IngestRejected NoColumns() => new(IngestRejectCodes.NoColumns,
        "None of the records has a key, so there are no columns to store. Send objects with at least one key.");

    // Invariant culture: the numbers read the same whatever the server's locale.
    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
