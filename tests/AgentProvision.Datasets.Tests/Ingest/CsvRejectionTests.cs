using System.Text;
using AgentProvision.Datasets.Ingest;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentProvision.Datasets.Tests.Ingest;

/// <summary>Every rejection names where and what; and whatever the failure, the directory is left empty.</summary>
public sealed class CsvRejectionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("\n\r\n\n")]
    [InlineData("\uFEFF")]
    public async Task Empty_file_is_rejected(string csv)
    {
        var rejected = await Ingestion.CsvRejectedAsync(_dir, csv);

        Assert.Equal(IngestRejectCodes.EmptyFile, rejected.Code);
        Assert.Equal(400, rejected.StatusCode);
        Assert.StartsWith("The file is empty.", rejected.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a,b")]
    [InlineData("a,b\r\n\r\n")]
    public async Task File_with_a_header_only_is_rejected_because_it_contains_no_rows(string csv)
    {
        var rejected = await Ingestion.CsvRejectedAsync(_dir, csv);

        Assert.Equal(IngestRejectCodes.NoRows, rejected.Code);
        Assert.StartsWith("Uploaded file contains no rows.", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Row_with_more_fields_than_the_header_is_rejected_naming_its_physical_line()
    {
        // Line 3 starts a quoted field that runs onto line 4, so the bad row is on line 5.
        var rejected = await Ingestion.CsvRejectedAsync(_dir, "a,b,c,d\n1,2,3,4\n\"multi\nline\",2,3,4\n1,2,3,4,5\n6,7,8,9\n");

        Assert.Equal(IngestRejectCodes.RaggedRow, rejected.Code);
        Assert.Equal(5, rejected.Line);
        Assert.StartsWith("Line 5 has 5 fields but the header has 4 columns.", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Row_with_fewer_fields_than_the_header_is_rejected_naming_its_line()
    {
        var rejected = await Ingestion.CsvRejectedAsync(_dir, "a,b,c\r\n1,2,3\r\n4,5\r\n");

        Assert.Equal(3, rejected.Line);
        Assert.StartsWith("Line 3 has 2 fields but the header has 3 columns.", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ragged_row_after_row_groups_and_a_widening_were_written_leaves_no_file_behind()
    {
        var rejected = await Ingestion.CsvRejectedAsync(_dir, "n\n1\n2\n3.5\n4\nfive\n6\n7,8\n", Ingestion.Limits(sample: 1, rowGroup: 2));

        Assert.Equal(8, rejected.Line);
    }

    [Fact]
    public async Task Invalid_utf8_is_rejected_naming_the_line_and_the_byte_offset()
    {
        byte[] csv = [.. "a,b\n1,x\n2,"u8, 0xFF, .. "\n"u8];

        var rejected = await Ingestion.CsvRejectedAsync(_dir, TestStreams.Bytes(csv));

        Assert.Equal(IngestRejectCodes.InvalidUtf8, rejected.Code);
        Assert.Equal(400, rejected.StatusCode);
        Assert.Equal(3, rejected.Line);
        Assert.StartsWith("Line 3 is not valid UTF-8 (byte 0xFF at byte offset 10).", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_multi_line_field_names_the_line_it_is_on()
    {
        // Latin-1 "é" (0xE9) on the second line of a quoted field that starts on line 2; the BOM counts in the offset.
        byte[] csv = [0xEF, 0xBB, 0xBF, .. "id,text\n1,\"first\nsecond "u8, 0xE9, .. "\"\n"u8];

        var rejected = await Ingestion.CsvRejectedAsync(_dir, TestStreams.Bytes(csv));

        Assert.Equal(3, rejected.Line);
        Assert.Contains("(byte 0xE9 at byte offset 27)", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_utf8_in_the_header_is_rejected()
    {
        var rejected = await Ingestion.CsvRejectedAsync(_dir, TestStreams.Bytes([.. "a,"u8, 0xC3, 0x28, .. "\n1,2\n"u8]));

        Assert.Equal(1, rejected.Line);
    }

    [Fact]
    public async Task Value_longer_than_the_limit_is_rejected_naming_line_and_column()
    {
        var limits = Ingestion.Limits();
        limits.MaxFieldChars = 5;

        // Five two-byte letters are five chars: within the limit.
        var rejected = await Ingestion.CsvRejectedAsync(_dir, "a,b\n1,ééééé\n2,123456\n", limits);

        Assert.Equal(IngestRejectCodes.FieldTooLong, rejected.Code);
        Assert.Equal(413, rejected.StatusCode);
        Assert.Equal(3, rejected.Line);
        Assert.Equal("b", rejected.Column);
        Assert.StartsWith("Line 3, column 'b' has a value of 6 characters; the limit is 5.", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_columns_than_the_limit_is_rejected()
    {
        var limits = Ingestion.Limits();
        limits.MaxColumns = 2;

        var rejected = await Ingestion.CsvRejectedAsync(_dir, "a,b,c\n1,2,3\n", limits);

        Assert.Equal(IngestRejectCodes.TooManyColumns, rejected.Code);
        Assert.Equal(413, rejected.StatusCode);
        Assert.StartsWith("The header has 3 columns; the limit is 2.", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_rows_than_the_limit_is_rejected_naming_the_line()
    {
        var limits = Ingestion.Limits();
        limits.MaxRows = 2;

        var rejected = await Ingestion.CsvRejectedAsync(_dir, "a\n1\n2\n3\n", limits);

        Assert.Equal(IngestRejectCodes.TooManyRows, rejected.Code);
        Assert.Equal(413, rejected.StatusCode);
        Assert.Equal(4, rejected.Line);
        Assert.StartsWith("Line 4 goes past the limit of 2 data rows.", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_larger_than_the_byte_limit_is_rejected_while_it_streams()
    {
        var limits = Ingestion.Limits(rowGroup: 1000);
        limits.MaxBytes = 1_000_000;
        var endless = new EndlessCsvStream();

        var rejected = await Ingestion.CsvRejectedAsync(_dir, endless, limits);

        Assert.Equal(IngestRejectCodes.TooManyBytes, rejected.Code);
        Assert.Equal(413, rejected.StatusCode);
        Assert.StartsWith("The upload is larger than the limit of 1,000,000 bytes.", rejected.Message, StringComparison.Ordinal);
        // Stopped within one read of the limit, not at the end of an endless upload.
        Assert.InRange(endless.BytesRead, limits.MaxBytes, limits.MaxBytes + (1 << 20));
    }

    [Fact]
    public async Task Quote_that_is_never_closed_is_rejected_naming_its_line()
    {
        var rejected = await Ingestion.CsvRejectedAsync(_dir, "a,b\n1,2\n3,\"never closed\n4,5\n");

        Assert.Equal(IngestRejectCodes.UnclosedQuote, rejected.Code);
        Assert.Equal(3, rejected.Line);
        Assert.StartsWith("Line 3 opens a quoted value that is never closed", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_that_never_ends_is_rejected_before_it_fills_memory()
    {
        // An unclosed quote makes the rest of the input one record: it is stopped at the record size bound (16 MB here).
        var unclosed = new MemoryStream([.. "a,b\n1,2\n3,\"never closed "u8, .. Enumerable.Repeat((byte)'x', 20 << 20)]);

        var rejected = await Ingestion.CsvRejectedAsync(_dir, new NonSeekableStream(unclosed, 1 << 16));

        Assert.Equal(IngestRejectCodes.RecordTooLong, rejected.Code);
        Assert.Equal(413, rejected.StatusCode);
        Assert.Equal(3, rejected.Line);
    }

    [Fact]
    public async Task Cancelled_ingest_leaves_no_file_behind()
    {
        var text = "id,name\n" + string.Concat(Enumerable.Range(1, 20_000).Select(i => $"{i},name {i}\n"));
        using var cancel = new CancellationTokenSource();
        var input = new CancellingStream(new MemoryStream(Encoding.UTF8.GetBytes(text)), cancel, afterBytes: 100_000);
        var path = _dir.StagedParquet();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            CsvIngest.WriteParquetAsync(input, path, Ingestion.Limits(sample: 10, rowGroup: 100), NullLogger.Instance, cancel.Token));

        Assert.True(input.Cancelled);
        Assert.Empty(_dir.FileNames());
    }

    [Fact]
    public async Task Limits_out_of_range_are_refused_before_anything_is_read()
    {
        var limits = Ingestion.Limits();
        limits.RowGroupRows = 0;

        await Assert.ThrowsAsync<System.ComponentModel.DataAnnotations.ValidationException>(() =>
            CsvIngest.WriteParquetAsync(TestStreams.Csv("a\n1\n"), _dir.StagedParquet(), limits, NullLogger.Instance, CancellationToken.None));
    }

    /// <summary>Cancels the ingest once this much of the upload was read, as a client hanging up would.</summary>
    private sealed class CancellingStream(Stream inner, CancellationTokenSource cancel, long afterBytes) : NonSeekableStream(inner, 4096)
    {
        public bool Cancelled => cancel.IsCancellationRequested;

        protected override ValueTask BeforeReadAsync(CancellationToken cancellationToken)
        {
            if (BytesRead >= afterBytes)
            {
                cancel.Cancel();
            }

            return ValueTask.CompletedTask;
        }
    }
}
