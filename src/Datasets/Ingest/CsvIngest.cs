using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// Streams a CSV upload into a Parquet file without holding it in memory. Two stages run side by side on the two cores
/// the service has: one reads and checks the CSV and converts each row group to typed columns, the other writes the
/// row groups it is handed (Parquet encoding and Snappy compression are the costliest part). A bounded channel of two
/// row groups between them keeps memory flat whatever the file's size.
/// </summary>
/// <remarks>
/// Column types are inferred and widened as <see cref="ColumnTypes"/> says. On any failure or cancellation the target
/// file and every temporary file are deleted before the exception (an <see cref="IngestRejected"/> for bad input)
/// leaves this method.
/// </remarks>
public static class CsvIngest
{
    // Row groups in flight: one being converted while the other is written.
    private const int BatchesInFlight = 2;

    public static async Task<IngestResult> WriteParquetAsync(
        Stream csv, string parquetPath, IngestLimits limits, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentException.ThrowIfNullOrEmpty(parquetPath);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(logger);
        limits.EnsureValid();

        var input = new CountingStream(csv, limits.MaxBytes);
        CsvBatchReader? reader = null;
        await using var progress = new IngestProgress(
            logger, "CSV", limits.ProgressInterval, () => reader?.Rows ?? 0, () => input.BytesRead);
        ParquetSegments? segments = null;
        try
        {
            // Off the caller's thread: the request thread only awaits, and the CSV stage is CPU-bound.
            reader = await Task.Run(() => CsvBatchReader.OpenAsync(input, limits, cancellationToken), cancellationToken);
            segments = new ParquetSegments(parquetPath, reader.Columns);
            var typer = new BatchTyper(reader.Columns, limits.TypeSampleRows, logger);
            var stats = reader.Columns.Select(_ => new NumericStats()).ToArray();
            await RunStagesAsync(reader, typer, segments, stats, limits, cancellationToken);
            await segments.CompleteAsync(cancellationToken);

            var types = typer.Types!;
            var result = new IngestResult(
                reader.Rows,
                reader.Columns.Select((name, c) => new IngestedColumn(name, types[c])).ToArray(),
                IngestSummary.SampleFromText(reader.Columns, types, reader.Sample),
                IngestSummary.Numeric(reader.Columns, types, stats),
                input.BytesRead,
                reader.Delimiter);
            progress.Completed(result.RowCount, result.BytesRead, result.Columns.Count, segments.SegmentCount);
            return result;
        }
        catch (Exception e)
        {
            ParquetSegments.DeleteQuietly(parquetPath);
            if (e is IngestRejected rejected)
            {
                progress.Rejected(rejected);
            }

            throw;
        }
        finally
        {
            // Deletes the segment files unless they were completed into the target.
            if (segments is not null)
            {
                await segments.DisposeAsync();
            }

            reader?.Dispose();
        }
    }

    private static async Task RunStagesAsync(
        CsvBatchReader reader, BatchTyper typer, ParquetSegments segments, NumericStats[] stats, IngestLimits limits, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ready = Channel.CreateBounded<TypedBatch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var free = Channel.CreateBounded<TypedBatch>(BatchesInFlight);
        for (var i = 0; i < BatchesInFlight; i++)
        {
            free.Writer.TryWrite(new TypedBatch(reader.Columns.Length));
        }

        var convert = Task.Run(() => ConvertAsync(reader, typer, limits, ready.Writer, free.Reader, stop), CancellationToken.None);
        ExceptionDispatchInfo? writeFailure = null;
        try
        {
            await foreach (var batch in ready.Reader.ReadAllAsync(stop.Token))
            {
                await segments.WriteAsync(batch, stop.Token);
                for (var c = 0; c < stats.Length; c++)
                {
                    batch.Columns[c].AddTo(stats[c]);
                }

                free.Writer.TryWrite(batch);
            }
        }
        catch (Exception e)
        {
            writeFailure = ExceptionDispatchInfo.Capture(e);
            await stop.CancelAsync();
        }

        // The converting stage's own failure (a rejection) is the cause; the writer's is only reported when the
        // converting stage merely stopped because of it.
        try
        {
            await convert;
        }
        catch (OperationCanceledException) when (writeFailure is not null && !cancellationToken.IsCancellationRequested)
        {
        }

        writeFailure?.Throw();
    }

    private static async Task ConvertAsync(
        CsvBatchReader reader, BatchTyper typer, IngestLimits limits,
        ChannelWriter<TypedBatch> ready, ChannelReader<TypedBatch> free, CancellationTokenSource stop)
    {
        try
        {
            var raw = new RawBatch(reader.Columns.Length);
            // The first row group holds the whole type sample, so types are decided once, from all of it.
            var rows = Math.Max(limits.RowGroupRows, limits.TypeSampleRows);
            bool more;
            do
            {
                raw.Clear();
                more = await reader.FillAsync(raw, rows, stop.Token);
                rows = limits.RowGroupRows;
                if (raw.RowCount > 0)
                {
                    var batch = await free.ReadAsync(stop.Token);
                    typer.Convert(raw, batch);
                    await ready.WriteAsync(batch, stop.Token);
                }
            }
            while (more);

            ready.Complete();
        }
        catch (Exception e)
        {
            ready.TryComplete(e);
            await stop.CancelAsync();
            throw;
        }
    }
}
