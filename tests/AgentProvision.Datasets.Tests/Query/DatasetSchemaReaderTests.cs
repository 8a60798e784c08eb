using AgentProvision.Datasets.Query;

namespace AgentProvision.Datasets.Tests.Query;

public sealed class DatasetSchemaReaderTests : IDisposable
{
    private readonly TestParquet _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void The_schema_lists_each_column_as_describe_does()
    {
        var schema = DatasetSchemaReader.Read(_files.WritePeople(12), CancellationToken.None);

        Assert.Equal(["id", "name", "city", "created_at", "update_count", "dataset_id", "score"], schema.Columns.Select(column => column["column_name"]));
        Assert.Equal(["BIGINT", "VARCHAR", "VARCHAR", "TIMESTAMP", "BIGINT", "BIGINT", "DECIMAL(21,1)"], schema.Columns.Select(column => column["column_type"]));
        Assert.All(schema.Columns, column => Assert.Equal(["column_name", "column_type", "null", "key", "default", "extra"], column.Keys));
        Assert.Equal("YES", schema.Columns[0]["null"]);
        Assert.Equal(12, schema.RowCount);
    }

    [Fact]
    public void Samples_are_up_to_five_distinct_non_null_values_smallest_first()
    {
        var path = _files.Write("""
            SELECT i AS id, CASE WHEN i % 2 = 0 THEN NULL ELSE 'v' || (i % 3) END AS sparse, [i % 2] AS pair,
                   {'n': i % 2} AS shape, DATE '2024-01-01' + (i % 2)::INTEGER AS day
            FROM range(20) t(i)
            """);

        var schema = DatasetSchemaReader.Read(path, CancellationToken.None);

        Assert.Equal([0L, 1L, 2L, 3L, 4L], schema.SampleValues["id"]);
        Assert.Equal(["v0", "v1", "v2"], schema.SampleValues["sparse"]);
        Assert.Equal([new List<object?> { 0L }, new List<object?> { 1L }], schema.SampleValues["pair"]);
        Assert.Equal(new Dictionary<string, object?> { ["n"] = 0L }, schema.SampleValues["shape"][0]);
        Assert.Equal(["2024-01-01", "2024-01-02"], schema.SampleValues["day"]);
        Assert.Equal(20, schema.RowCount);
    }

    [Fact]
    public void A_column_with_only_nulls_has_no_samples()
    {
        var schema = DatasetSchemaReader.Read(_files.Write("SELECT i AS id, NULL::VARCHAR AS empty FROM range(3) t(i)"), CancellationToken.None);

        Assert.Empty(schema.SampleValues["empty"]);
    }

    [Fact]
    public void A_missing_file_is_reported_as_such()
    {
        Assert.Throws<FileNotFoundException>(() => DatasetSchemaReader.Read(_files.PathOf("gone.parquet"), CancellationToken.None));
    }

    [Fact]
    public void A_file_that_is_not_parquet_fails_without_naming_its_path()
    {
        var path = _files.PathOf("broken.parquet");
        File.WriteAllText(path, "not parquet at all");

        var refusal = Assert.Throws<QueryRejected>(() => DatasetSchemaReader.Read(path, CancellationToken.None));

        Assert.Equal(QueryRejected.QueryFailed, refusal.Code);
        Assert.StartsWith("Query execution failed: the dataset's file could not be read", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_files.Directory, refusal.Message, StringComparison.Ordinal);
    }
}
