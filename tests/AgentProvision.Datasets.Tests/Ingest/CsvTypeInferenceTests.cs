using AgentProvision.Datasets.Ingest;

namespace AgentProvision.Datasets.Tests.Ingest;

public sealed class CsvTypeInferenceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Integer_column_is_stored_as_int64()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "n\n1\n-42\n+7\n9223372036854775807\n");

        Assert.Equal(ColumnType.Integer, result.Columns[0].Type);
        Assert.Equal("int64", result.Columns[0].Dtype);
        Assert.Equal(typeof(long), parquet.TypeOf("n"));
        Assert.Equal([1L, -42L, 7L, long.MaxValue], parquet.Column("n"));
    }

    [Fact]
    public async Task Float_column_is_stored_as_double()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "x\n1.5\n-0.25\n1e3\n.5\n");

        Assert.Equal("float64", result.Columns[0].Dtype);
        Assert.Equal(typeof(double), parquet.TypeOf("x"));
        Assert.Equal([1.5, -0.25, 1000.0, 0.5], parquet.Column("x"));
    }

    [Fact]
    public async Task Integers_and_floats_in_the_sample_make_a_float_column()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "x\n1\n2.5\n3\n");

        Assert.Equal(ColumnType.Float, result.Columns[0].Type);
        Assert.Equal([1.0, 2.5, 3.0], parquet.Column("x"));
    }

    [Fact]
    public async Task Boolean_column_accepts_true_and_false_in_any_letter_case()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "b\ntrue\nFALSE\nTrue\n");

        Assert.Equal("bool", result.Columns[0].Dtype);
        Assert.Equal(typeof(bool), parquet.TypeOf("b"));
        Assert.Equal([true, false, true], parquet.Column("b"));
    }

    [Fact]
    public async Task Zero_and_one_are_integers_not_booleans_and_yes_no_is_text()
    {
        var (result, _) = await Ingestion.CsvAsync(_dir, "bits,answer\n0,yes\n1,no\n");

        Assert.Equal([ColumnType.Integer, ColumnType.String], result.Columns.Select(c => c.Type));
    }

    [Fact]
    public async Task Timestamps_are_iso_dates_and_date_times_stored_in_utc()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, """
            at
            2024-03-05
            2024-03-05T10:20
            2024-03-05 10:20:30
            2024-03-05T10:20:30.1234567Z
            2024-03-05T10:20:30+02:00
            2024-03-05T10:20:30-0130
            """);

        Assert.Equal("datetime64[ns]", result.Columns[0].Dtype);
        Assert.Equal(typeof(DateTime), parquet.TypeOf("at"));
        DateTime[] expected =
        [
            new(2024, 3, 5, 0, 0, 0, DateTimeKind.Utc),
            new(2024, 3, 5, 10, 20, 0, DateTimeKind.Utc),
            new(2024, 3, 5, 10, 20, 30, DateTimeKind.Utc),
            new DateTime(2024, 3, 5, 10, 20, 30, DateTimeKind.Utc).AddTicks(1_234_560), // Parquet keeps microseconds
            new(2024, 3, 5, 8, 20, 30, DateTimeKind.Utc),
            new(2024, 3, 5, 11, 50, 30, DateTimeKind.Utc),
        ];
        Assert.Equal(expected.Cast<object?>(), parquet.Column("at"));
        Assert.All(parquet.Column("at"), v => Assert.Equal(DateTimeKind.Utc, ((DateTime)v!).Kind));
    }

    [Theory]
    [InlineData("2024-02-30")]
    [InlineData("2024-03-05T25:00")]
    [InlineData("05/03/2024")]
    [InlineData("2024-03-05T10:20:30 CET")]
    public async Task Text_that_is_almost_a_timestamp_is_a_string(string value)
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, $"at\n2024-03-05\n{value}\n");

        Assert.Equal(ColumnType.String, result.Columns[0].Type);
        Assert.Equal(["2024-03-05", value], parquet.Column("at"));
    }

    [Fact]
    public async Task Text_column_keeps_values_exactly_including_surrounding_spaces()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "name\nAda\n  Grace \nx1\n");

        Assert.Equal("object", result.Columns[0].Dtype);
        Assert.Equal(typeof(string), parquet.TypeOf("name"));
        Assert.Equal(["Ada", "  Grace ", "x1"], parquet.Column("name"));
    }

    [Fact]
    public async Task Spaces_around_numbers_do_not_make_them_text()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "n\n 1\n2 \n");

        Assert.Equal(ColumnType.Integer, result.Columns[0].Type);
        Assert.Equal([1L, 2L], parquet.Column("n"));
    }

    [Fact]
    public async Task Empty_fields_are_null_in_every_type()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "i,f,b,t,s\n1,1.5,true,2024-01-01,a\n,,,,\n");

        Assert.Equal([ColumnType.Integer, ColumnType.Float, ColumnType.Boolean, ColumnType.Timestamp, ColumnType.String], result.Columns.Select(c => c.Type));
        Assert.All(parquet.Rows[1], Assert.Null);
    }

    [Fact]
    public async Task Column_with_only_empty_values_is_a_string_column_of_nulls()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "a,empty\n1,\n2,\n");

        Assert.Equal(ColumnType.String, result.Columns[1].Type);
        Assert.Equal(typeof(string), parquet.TypeOf("empty"));
        Assert.All(parquet.Column("empty"), Assert.Null);
    }

    [Fact]
    public async Task NaN_and_infinity_are_text_not_floats()
    {
        var (result, _) = await Ingestion.CsvAsync(_dir, "a,b\n1.5,NaN\nInfinity,2\n");

        Assert.Equal([ColumnType.String, ColumnType.String], result.Columns.Select(c => c.Type));
    }

    [Fact]
    public async Task Numbers_are_read_with_the_invariant_culture_so_a_decimal_comma_is_text()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "a;b\n\"1,5\";1.5\n");

        Assert.Equal([ColumnType.String, ColumnType.Float], result.Columns.Select(c => c.Type));
        Assert.Equal("1,5", parquet[0, "a"]);
    }

    [Fact]
    public async Task Integer_too_large_for_int64_is_a_float()
    {
        var (result, parquet) = await Ingestion.CsvAsync(_dir, "n\n99999999999999999999\n");

        Assert.Equal(ColumnType.Float, result.Columns[0].Type);
        Assert.Equal(1e20, parquet[0, "n"]);
    }

    [Fact]
    public async Task Duckdb_reads_the_file_with_the_same_types()
    {
        var (_, _) = await Ingestion.CsvAsync(_dir, "i,f,b,t,s\n1,1.5,true,2024-01-01T10:00:00Z,a\n");

        using var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT column_type FROM (DESCRIBE SELECT * FROM '{Path.Combine(_dir.Path, "out.parquet")}')";
        using var reader = command.ExecuteReader();
        var types = new List<string>();
        while (reader.Read())
        {
            types.Add(reader.GetString(0));
        }

        Assert.Equal(["BIGINT", "DOUBLE", "BOOLEAN", "TIMESTAMP WITH TIME ZONE", "VARCHAR"], types);
    }
}
