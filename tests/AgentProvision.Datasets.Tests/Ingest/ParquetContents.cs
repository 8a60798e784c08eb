using Parquet;
using Parquet.Schema;

namespace AgentProvision.Datasets.Tests.Ingest;

/// <summary>A Parquet file read back with Parquet.Net: its columns' CLR types, its rows and its row group count.</summary>
public sealed record ParquetContents(IReadOnlyList<string> Names, IReadOnlyList<Type> Types, IReadOnlyList<object?[]> Rows, int RowGroups)
{
    public object? this[int row, string column] => Rows[row][Names.ToList().IndexOf(column)];

    public Type TypeOf(string column) => Types[Names.ToList().IndexOf(column)];

    public IEnumerable<object?> Column(string column)
    {
        var c = Names.ToList().IndexOf(column);
        return Rows.Select(r => r[c]);
    }

    public static async Task<ParquetContents> ReadAsync(string path)
    {
        await using var reader = await ParquetReader.CreateAsync(path);
        var fields = reader.Schema.DataFields;
        var rows = new List<object?[]>();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var count = (int)group.RowCount;
            var columns = new List<object?[]>();
            foreach (var field in fields)
            {
                columns.Add(await ReadColumnAsync(group, field, count));
            }

            for (var r = 0; r < count; r++)
            {
                rows.Add(columns.Select(c => c[r]).ToArray());
            }
        }

        // Parquet.Net 6 describes string columns as ReadOnlyMemory<char>; they read as strings.
        var types = fields.Select(f => f.ClrType == typeof(ReadOnlyMemory<char>) ? typeof(string) : f.ClrType).ToArray();
        return new ParquetContents(fields.Select(f => f.Name).ToArray(), types, rows, reader.RowGroupCount);
    }

    private static async Task<object?[]> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int count)
    {
        if (field.ClrType == typeof(long))
        {
            var values = new long?[count];
            await group.ReadAsync<long>(field, values);
            return values.Select(v => (object?)v).ToArray();
        }

        if (field.ClrType == typeof(double))
        {
            var values = new double?[count];
            await group.ReadAsync<double>(field, values);
            return values.Select(v => (object?)v).ToArray();
        }

        if (field.ClrType == typeof(bool))
        {
            var values = new bool?[count];
            await group.ReadAsync<bool>(field, values);
            return values.Select(v => (object?)v).ToArray();
        }

        if (field.ClrType == typeof(DateTime))
        {
            var values = new DateTime?[count];
            await group.ReadAsync<DateTime>(field, values);
            return values.Select(v => (object?)(v is { } d ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : null)).ToArray();
        }

        var strings = new string?[count];
        await group.ReadAsync(field, strings);
        return strings;
    }
}
