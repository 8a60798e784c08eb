using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// Writes JSON records (each an object) to a Parquet file. Columns are the union of the keys in first-seen order; a
/// missing key is null; nested objects and arrays are stored as their JSON text. Types: <see cref="RecordSchema"/>.
/// On any failure the target file is deleted.
/// </summary>
public static class RecordsIngest
{
    public static async Task<IngestResult> WriteParquetAsync(
        IReadOnlyList<JsonElement> records, string parquetPath, IngestLimits limits, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentException.ThrowIfNullOrEmpty(parquetPath);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(logger);
        limits.EnsureValid();

        long written = 0;
        await using var progress = new IngestProgress(logger, "JSON records", limits.ProgressInterval, () => Volatile.Read(ref written), () => 0);
        ParquetSegments? segments = null;
        try
        {
            var schema = RecordSchema.Infer(records, limits);
            segments = new ParquetSegments(parquetPath, schema.Names);
            var batch = new TypedBatch(schema.Names.Length);
            schema.Types.CopyTo(batch.Types, 0);
            var stats = schema.Names.Select(_ => new NumericStats()).ToArray();
            var row = new JsonElement?[schema.Names.Length];
            for (var start = 0; start < records.Count; start += limits.RowGroupRows)
            {
                var count = Math.Min(limits.RowGroupRows, records.Count - start);
                Fill(batch, schema, records, start, count, row);
                await segments.WriteAsync(batch, cancellationToken);
                for (var c = 0; c < stats.Length; c++)
                {
                    batch.Columns[c].AddTo(stats[c]);
                }

                Volatile.Write(ref written, start + count);
            }

            await segments.CompleteAsync(cancellationToken);
            var result = new IngestResult(
                records.Count,
                schema.Names.Select((name, c) => new IngestedColumn(name, schema.Types[c])).ToArray(),
                Sample(schema, records),
                IngestSummary.Numeric(schema.Names, schema.Types, stats),
                schema.Bytes,
                Delimiter: null);
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
            if (segments is not null)
            {
                await segments.DisposeAsync();
            }
        }
    }

    private static void Fill(TypedBatch batch, RecordSchema schema, IReadOnlyList<JsonElement> records, int start, int count, JsonElement?[] row)
    {
        for (var c = 0; c < batch.Columns.Length; c++)
        {
            // Strings get their room as they come: the records' text length is not known without decoding it.
            batch.Columns[c].Reset(schema.Types[c], count);
        }

        for (var r = start; r < start + count; r++)
        {
            Array.Clear(row);
            foreach (var property in records[r].EnumerateObject())
            {
                // A key given twice in one record: the last value wins, as in JavaScript and System.Text.Json.
                row[schema.ColumnOf[property.Name]] = property.Value;
            }

            for (var c = 0; c < row.Length; c++)
            {
                Add(batch.Columns[c], row[c]);
            }
        }

        batch.RowCount = count;
    }

    private static void Add(ColumnBuffer column, JsonElement? value)
    {
        if (value is not { } v || RecordSchema.TypeOf(v) is null)
        {
            column.AddNull();
            return;
        }

        switch (column.Type)
        {
            case ColumnType.Integer: column.Add(v.GetInt64()); break;
            case ColumnType.Float: column.Add(v.GetDouble()); break;
            case ColumnType.Boolean: column.Add(v.GetBoolean()); break;
            default: column.Add(RecordSchema.Text(v)); break;
        }
    }

    private static IReadOnlyList<IReadOnlyDictionary<string, object?>> Sample(RecordSchema schema, IReadOnlyList<JsonElement> records) =>
        records.Take(IngestResult.SampleRowCount).Select(record =>
        {
            var values = schema.Names.ToDictionary(name => name, _ => (object?)null);
            foreach (var property in record.EnumerateObject())
            {
                var c = schema.ColumnOf[property.Name];
                values[schema.Names[c]] = Value(schema.Types[c], property.Value);
            }

            return (IReadOnlyDictionary<string, object?>)values;
        }).ToArray();

    private static object? Value(ColumnType type, JsonElement value) => RecordSchema.TypeOf(value) is null ? null : type switch
    {
        ColumnType.Integer => value.GetInt64(),
        ColumnType.Float => value.GetDouble(),
        ColumnType.Boolean => value.GetBoolean(),
        _ => RecordSchema.Text(value),
    };
}
