using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace AgentProvision.Datasets.Ingest;

/// <summary>
/// Merges segment files into one file of the final (widest) schema, one row group at a time so memory stays bounded,
/// converting the columns of the segments written before a column widened (see <see cref="ColumnTypes"/>).
/// </summary>
internal static class SegmentMerger
{
    public static async Task MergeAsync(
        IReadOnlyList<Segment> segments, string path, IReadOnlyList<string> names, ColumnType[] types, CancellationToken cancellationToken)
    {
        var fields = ParquetFields.For(names, types);
        var buffers = types.Select(_ => new ColumnBuffer()).ToArray();
        await using var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields), file, cancellationToken: cancellationToken);
        foreach (var segment in segments)
        {
            await using var reader = await ParquetReader.CreateAsync(segment.Path, cancellationToken: cancellationToken);
            var sourceFields = reader.Schema.DataFields;
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var source = reader.OpenRowGroupReader(g);
                var rows = checked((int)source.RowCount);
                for (var c = 0; c < fields.Length; c++)
                {
                    buffers[c].Reset(types[c], rows);
                    await ReadAsync(source, sourceFields[c], segment.Types[c], rows, buffers[c], cancellationToken);
                }

                using var target = writer.CreateRowGroup();
                for (var c = 0; c < fields.Length; c++)
                {
                    await buffers[c].WriteAsync(target, fields[c], cancellationToken);
                }

                target.CompleteValidate();
            }
        }
    }

    private static async Task ReadAsync(
        ParquetRowGroupReader source, DataField field, ColumnType from, int rows, ColumnBuffer into, CancellationToken cancellationToken)
    {
        switch (from)
        {
            case ColumnType.Integer:
                var longs = new long?[rows];
                await source.ReadAsync<long>(field, longs, null, cancellationToken);
                foreach (var value in longs)
                {
                    Add(into, value, v => AddInteger(into, v), v => v.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case ColumnType.Float:
                var doubles = new double?[rows];
                await source.ReadAsync<double>(field, doubles, null, cancellationToken);
                foreach (var value in doubles)
                {
                    Add(into, value, into.Add, v => v.ToString("R", CultureInfo.InvariantCulture));
                }

                break;
            case ColumnType.Boolean:
                var booleans = new bool?[rows];
                await source.ReadAsync<bool>(field, booleans, null, cancellationToken);
                foreach (var value in booleans)
                {
                    Add(into, value, into.Add, v => v ? "true" : "false");
                }

                break;
            case ColumnType.Timestamp:
                var timestamps = new DateTime?[rows];
                await source.ReadAsync<DateTime>(field, timestamps, null, cancellationToken);
                foreach (var value in timestamps)
                {
                    Add(into, value, into.Add, FormatTimestamp);
                }

                break;
            default:
                var strings = new string?[rows];
                await source.ReadAsync(field, strings, null, cancellationToken);
                foreach (var value in strings)
                {
                    if (value is null)
                    {
                        into.AddNull();
                    }
                    else
                    {
                        into.Add(value);
                    }
                }

                break;
        }
    }

    /// <summary>Adds a value read from a segment: as it is when the type did not change, else as text (the only other widening but integer to float).</summary>
    private static void Add<T>(ColumnBuffer into, T? value, Action<T> addTyped, Func<T, string> format)
        where T : struct
    {
        if (value is not { } v)
        {
            into.AddNull();
        }
        else if (into.Type == ColumnType.String)
        {
            into.Add(format(v));
        }
        else
        {
            addTyped(v);
        }
    }

    private static void AddInteger(ColumnBuffer into, long value)
    {
        if (into.Type == ColumnType.Float)
        {
            into.Add((double)value);
        }
        else
        {
            into.Add(value);
        }
    }

    private static string FormatTimestamp(DateTime value) =>
        DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
