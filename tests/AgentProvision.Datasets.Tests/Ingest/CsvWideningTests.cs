using AgentProvision.Datasets.Ingest;

namespace AgentProvision.Datasets.Tests.Ingest;

/// <summary>
/// A value after the type sample that does not fit its column widens the column (see <c>ColumnTypes</c>). The small
/// samples and row groups here put the widening after the sample, and after row groups were written.
/// </summary>
public sealed class CsvWideningTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Later_value_that_is_not_an_integer_widens_the_column_to_float()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "n\n1\n2\n3\n4.5\n5\n", Ingestion.Limits(sample: 2));

        Assert.Equal(ColumnType.Float, result.Columns[0].Type);
        Assert.Equal(typeof(double), parquet.TypeOf("n"));
        Assert.Equal([1.0, 2.0, 3.0, 4.5, 5.0], parquet.Column("n"));
    }

    [Fact]
    public async Task Later_value_that_is_not_a_number_widens_an_integer_column_to_string_keeping_the_original_text()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "n\n+1\n02\n3\nn/a\n", Ingestion.Limits(sample: 2));

        Assert.Equal(ColumnType.String, result.Columns[0].Type);
        Assert.Equal(["+1", "02", "3", "n/a"], parquet.Column("n"));
    }

    [Fact]
    public async Task Later_value_that_is_not_an_integer_widens_the_column_to_float_after_row_groups_were_written()
    {
        var csv = "id,n\n" + string.Join("\n", Enumerable.Range(1, 9).Select(i => $"{i},{(i == 7 ? "7.25" : i)}")) + "\n";

        var (result, parquet) = await Ingestion.CsvAsync(_dir, csv, Ingestion.Limits(sample: 2, rowGroup: 2));

        Assert.Equal([ColumnType.Integer, ColumnType.Float], result.Columns.Select(c => c.Type));
        Assert.Equal(typeof(double), parquet.TypeOf("n"));
        Assert.Equal([1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.25, 8.0, 9.0], parquet.Column("n"));
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (object?)(long)i), parquet.Column("id"));
        Assert.Equal(5, parquet.RowGroups);
    }

    [Fact]
    public async Task Later_value_that_is_not_a_number_widens_the_column_to_string_after_row_groups_were_written()
    {
        // The row groups already written lost their text: their integers are written in plain digits (+3 becomes 3).
        // A blank line is skipped, so the null of a one-column file is a quoted empty value.
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "n\n1\n2\n+3\n\"\"\n5\nfive\n7\n", Ingestion.Limits(sample: 2, rowGroup: 2));

        Assert.Equal(ColumnType.String, result.Columns[0].Type);
        Assert.Equal(["1", "2", "3", null, "5", "five", "7"], parquet.Column("n"));
    }

    [Fact]
    public async Task Earlier_row_groups_of_every_type_are_written_as_canonical_text_when_a_column_becomes_string()
    {
        var csv = """
            f,b,t
            1.50,TRUE,2024-01-02
            2,false,2024-01-02T03:04:05.5+01:00
            x,x,x
            """;

        var (result, parquet) = await Ingestion.CsvAsync(_dir, csv, Ingestion.Limits(sample: 1, rowGroup: 2));

        Assert.All(result.Columns, c => Assert.Equal(ColumnType.String, c.Type));
        Assert.Equal(["1.5", "2", "x"], parquet.Column("f"));
        Assert.Equal(["true", "false", "x"], parquet.Column("b"));
        Assert.Equal(["2024-01-02T00:00:00Z", "2024-01-02T02:04:05.5Z", "x"], parquet.Column("t"));
    }

    [Fact]
    public async Task Column_widens_twice_and_all_three_segments_are_merged_into_one_file()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "n\n1\n2\n3.5\n4\nfour\n6\n", Ingestion.Limits(sample: 1, rowGroup: 2));

        Assert.Equal(ColumnType.String, result.Columns[0].Type);
        Assert.Equal(["1", "2", "3.5", "4", "four", "6"], parquet.Column("n"));
        Assert.Equal(3, parquet.RowGroups);
    }

    [Fact]
    public async Task Boolean_and_timestamp_columns_widen_to_string_with_the_text_of_the_row_group_in_memory()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "b,t\nTRUE,2024-01-02\nmaybe,soon\n", Ingestion.Limits(sample: 1));

        Assert.Equal([ColumnType.String, ColumnType.String], result.Columns.Select(c => c.Type));
        Assert.Equal(["TRUE", "maybe"], parquet.Column("b"));
        Assert.Equal(["2024-01-02", "soon"], parquet.Column("t"));
    }

    [Fact]
    public async Task Column_that_was_empty_in_the_sample_stays_string_whatever_comes_later()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "a,b\n1,\n2,\n3,42\n", Ingestion.Limits(sample: 2));

        Assert.Equal(ColumnType.String, result.Columns[1].Type);
        Assert.Equal([null, null, "42"], parquet.Column("b"));
    }

    [Fact]
    public async Task Sample_rows_and_summary_follow_the_widened_types()
    {
        var csv = "n,s\n" + string.Join("\n", Enumerable.Range(1, 12).Select(i => $"{i},{i}")) + "\n13.5,x\n";

        var (result, _) = await Ingestion.CsvAsync(_dir, csv, Ingestion.Limits(sample: 2, rowGroup: 3));

        Assert.Equal(1.0, result.SampleRows[0]["n"]);
        Assert.Equal("1", result.SampleRows[0]["s"]);
        var summary = Assert.Single(result.NumericSummary);
        Assert.Equal(new NumericColumnSummary("n", (78 + 13.5) / 13, 1, 13.5), summary);
    }
}
