using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// Reads the CSV with CsvHelper's reader (SIMD over UTF-8 bytes; fields are spans into its buffer, never strings) and
/// copies the rows into a <see cref="RawBatch"/>, checking each against the header and the limits as it goes. Every
/// rejection that depends on the content is raised here, with the line it is on.
/// </summary>
internal sealed class CsvBatchReader : IDisposable
{
    // Only used to find where invalid UTF-8 is, once a record is known to hold some.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly CsvReader _csv;
    private readonly IngestLimits _limits;
    private readonly int _maxRecordBytes;
    private readonly QuoteWatch _quotes;
    private long _rows;

    private CsvBatchReader(CsvReader csv, QuoteWatch quotes, IngestLimits limits, int maxRecordBytes, char delimiter)
    {
        (_csv, _quotes, _limits, _maxRecordBytes, Delimiter) = (csv, quotes, limits, maxRecordBytes, delimiter);
    }

    public char Delimiter { get; }

    /// <summary>The column names, cleaned (<see cref="ColumnNames"/>).</summary>
    public string[] Columns { get; private set; } = [];

    /// <summary>Data rows read so far; read by the progress log from another thread.</summary>
    public long Rows => Volatile.Read(ref _rows);

    /// <summary>The text of the first rows, for <see cref="IngestResult.SampleRows"/> (typed once the types are final).</summary>
    public List<byte[][]> Sample { get; } = [];

    /// <summary>Detects the delimiter (unless given) from the first bytes, then reads the header.</summary>
    public static async Task<CsvBatchReader> OpenAsync(Stream input, IngestLimits limits, CancellationToken cancellationToken)
    {
        var start = new byte[DelimiterDetector.SampleBytes];
        var length = await input.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken);
        var delimiter = limits.Delimiter ?? DelimiterDetector.Detect(start.AsSpan(0, length), isWholeFile: length < start.Length);

        // Room for one value at its longest (4 UTF-8 bytes a char at worst) and the rest of its record; at least 16 MB and
        // at most 256 MB. A longer record is almost surely an unclosed quote, and CsvHelper's buffer grows to twice this.
        var quotes = new QuoteWatch();
        var maxRecordBytes = (int)Math.Min(256L << 20, Math.Max(16L << 20, (4L * limits.MaxFieldChars) + (1 << 20)));
        var options = new CsvReaderOptions
        {
            Separator = delimiter,
            HasHeader = false, // the header is read as a record, to check and name it ourselves
            TrackLineNumbers = true,
            MaxRecordSize = maxRecordBytes,
            DetectSeparatorHint = false,
            OnMalformedRecord = quotes.Note, // to reject an unclosed quote, see QuoteWatch
        };
        var csv = CsvReader.Create(new PrefixReplayStream(start.AsMemory(0, length), input), options, leaveOpen: true);
        var reader = new CsvBatchReader(csv, quotes, limits, maxRecordBytes, delimiter);
        try
        {
            await reader.ReadHeaderAsync(cancellationToken);
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Adds rows to <paramref name="batch"/> until it has <paramref name="maxRows"/> rows or its text passes
    /// <see cref="IngestLimits.RowGroupTextBytes"/>. Returns false at the end of the file.
    /// </summary>
    public async Task<bool> FillAsync(RawBatch batch, int maxRows, CancellationToken cancellationToken)
    {
        try
        {
            while (batch.RowCount < maxRows && batch.ByteCount < _limits.RowGroupTextBytes)
            {
                // Most reads complete synchronously from CsvHelper's buffer: no await, no state machine, per record.
                var pending = _csv.ReadAsync(cancellationToken);
                if (!(pending.IsCompletedSuccessfully ? pending.Result : await pending))
                {
                    return Rows > 0 ? false : throw Rejections.NoRows();
                }

                AddRecord(batch);
            }

            return true;
        }
        catch (CsvFormatException e)
        {
            throw Rejected(e);
        }
    }

    public void Dispose() => _csv.Dispose();

    private async Task ReadHeaderAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await _csv.ReadAsync(cancellationToken))
            {
                throw Rejections.EmptyFile();
            }
        }
        catch (CsvFormatException e)
        {
            throw Rejected(e);
        }

        ThrowIfQuoteUnclosed();

        if (_csv.FieldCount > _limits.MaxColumns)
        {
            throw Rejections.TooManyColumns(_csv.FieldCount, _limits.MaxColumns);
        }

        CheckUtf8();
        var names = new string[_csv.FieldCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = _csv.GetString(i);
            if (names[i].Length > _limits.MaxFieldChars)
            {
                throw Rejections.FieldTooLong(_csv.LineNumber, $"column_{i + 1}", names[i].Length, _limits.MaxFieldChars);
            }
        }

        Columns = ColumnNames.Normalize(names);
    }

    private IngestRejected Rejected(CsvFormatException e) => e.Message.Contains("MaxRecordSize", StringComparison.Ordinal)
        ? Rejections.RecordTooLong(e.LineNumber, _maxRecordBytes)
        : Rejections.Malformed(e.LineNumber, e.Message);

    private void ThrowIfQuoteUnclosed()
    {
        if (_quotes.UnclosedOnLine is { } line)
        {
            throw Rejections.UnclosedQuote(line);
        }
    }

    private void AddRecord(RawBatch batch)
    {
        ThrowIfQuoteUnclosed();
        var line = _csv.LineNumber;
        if (_csv.FieldCount != Columns.Length)
        {
            throw Rejections.Ragged(line, _csv.FieldCount, Columns.Length);
        }

        CheckUtf8();
        if (++_rows > _limits.MaxRows)
        {
            throw Rejections.TooManyRows(line, _limits.MaxRows);
        }

        var sample = Sample.Count < IngestResult.SampleRowCount ? new byte[Columns.Length][] : null;
        for (var c = 0; c < Columns.Length; c++)
        {
            var value = _csv.GetSpan(c);
            // Bytes bound chars from above, so the exact count is only needed for values that might be too long.
            if (value.Length > _limits.MaxFieldChars && Encoding.UTF8.GetCharCount(value) is var chars && chars > _limits.MaxFieldChars)
            {
                throw Rejections.FieldTooLong(line, Columns[c], chars, _limits.MaxFieldChars);
            }

            batch.Add(c, value);
            if (sample is not null)
            {
                sample[c] = value.ToArray();
            }
        }

        batch.EndRow();
        if (sample is not null)
        {
            Sample.Add(sample);
        }
    }

    /// <summary>
    /// CsvHelper splits UTF-8 bytes without decoding them, so the record is checked here (vectorized, one call per
    /// record); only a failing record is decoded again, strictly, to find the line and byte at fault.
    /// </summary>
    private void CheckUtf8()
    {
        var raw = _csv.RawRecord;
        if (Utf8.IsValid(raw))
        {
            return;
        }

        var index = 0;
        try
        {
            StrictUtf8.GetCharCount(raw);
        }
        catch (DecoderFallbackException e)
        {
            index = Math.Clamp(e.Index, 0, raw.Length - 1);
        }

        var line = _csv.LineNumber + LineBreaks(raw[..index]);
        throw Rejections.InvalidUtf8(line, _csv.ByteOffset + index, raw[index]);
    }

    /// <summary>Line breaks before the bad byte, for a record with quoted line breaks: CR, LF and CR LF count once.</summary>
    private static int LineBreaks(ReadOnlySpan<byte> text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Hears about quoting slips while CsvHelper reads. Most are read as pandas reads them (<c>ab"c</c> is text), but
    /// an unclosed quote would silently swallow the rest of the file into one value, so its line is kept to reject it.
    /// </summary>
    private sealed class QuoteWatch
    {
        public long? UnclosedOnLine { get; private set; }

        public void Note(CsvMalformedRecord record)
        {
            if (record.Reason == CsvMalformedReason.UnterminatedQuote)
            {
                UnclosedOnLine ??= record.LineNumber;
            }
        }
    }
}
