using System.Text.Json;
using AgentProvision.Datasets.Ingest;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentProvision.Datasets.Tests.Ingest;

public sealed class RecordsIngestTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Columns_are_the_union_of_keys_in_first_seen_order_and_a_missing_key_is_null()
    {
        var (result, parquet) = await IngestAsync("""[{"a": 1, "b": "x"}, {"c": true, "a": 2}, {"b": "y"}]""");

        Assert.Equal(["a", "b", "c"], result.Columns.Select(c => c.Name));
        Assert.Equal(3, result.RowCount);
        Assert.Null(result.Delimiter);
        Assert.Equal([1L, 2L, null], parquet.Column("a"));
        Assert.Equal(["x", null, "y"], parquet.Column("b"));
        Assert.Equal([null, true, null], parquet.Column("c"));
    }

    [Fact]
    public async Task Json_values_set_the_column_types()
    {
        var (result, parquet) = await IngestAsync("""
            [
              {"i": 1, "f": 1.5, "mixed": 1, "b": false, "s": "2024-01-01", "digits": "42", "none": null},
              {"i": -2, "f": 2, "mixed": 2.5, "b": true, "s": "text", "digits": "7", "none": null}
            ]
            """);

        Assert.Equal(
            [ColumnType.Integer, ColumnType.Float, ColumnType.Float, ColumnType.Boolean, ColumnType.String, ColumnType.String, ColumnType.String],
            result.Columns.Select(c => c.Type));
        Assert.Equal([1.5, 2.0], parquet.Column("f"));
        Assert.Equal([1.0, 2.5], parquet.Column("mixed"));
        Assert.Equal(["2024-01-01", "text"], parquet.Column("s"));
        Assert.Equal(["42", "7"], parquet.Column("digits"));
        Assert.Equal([null, null], parquet.Column("none"));
    }

    [Fact]
    public async Task Nested_objects_and_arrays_are_stored_as_their_json_text()
    {
        var (result, parquet) = await IngestAsync("""[{"id": 1, "tags": ["a", "b"], "owner": {"name": "Ada", "age": 36}}]""");

        Assert.Equal(ColumnType.String, result.Columns[1].Type);
        Assert.Equal("""["a", "b"]""", parquet[0, "tags"]);
        Assert.Equal("""{"name": "Ada", "age": 36}""", parquet[0, "owner"]);
        Assert.Equal("""{"name": "Ada", "age": 36}""", result.SampleRows[0]["owner"]);
    }

    [Fact]
    public async Task Key_with_values_of_different_kinds_is_a_string_column_of_their_json_text()
    {
        var (result, parquet) = await IngestAsync("""[{"v": 1.50}, {"v": "a"}, {"v": true}, {"v": null}]""");

        Assert.Equal(ColumnType.String, result.Columns[0].Type);
        Assert.Equal(["1.50", "a", "true", null], parquet.Column("v"));
    }

    [Fact]
    public async Task Sample_rows_and_numeric_summary_of_records()
    {
        var records = string.Join(",", Enumerable.Range(1, 12).Select(i => $$"""{"n": {{i}}, "x": {{i}}.5, "s": "r{{i}}"}"""));

        var (result, _) = await IngestAsync($"[{records}, {{\"n\": null}}]");

        Assert.Equal(IngestResult.SampleRowCount, result.SampleRows.Count);
        Assert.Equal(new Dictionary<string, object?> { ["n"] = 1L, ["x"] = 1.5, ["s"] = "r1" }, result.SampleRows[0]);
        Assert.Equal(
            [new NumericColumnSummary("n", 6.5, 1, 12), new NumericColumnSummary("x", 7.0, 1.5, 12.5)],
            result.NumericSummary);
        Assert.True(result.BytesRead > 0);
    }

    [Fact]
    public async Task Records_are_written_in_row_groups_of_the_configured_size()
    {
        var records = string.Join(",", Enumerable.Range(1, 25).Select(i => $$"""{"n": {{i}}}"""));

        var (_, parquet) = await IngestAsync($"[{records}]", Ingestion.Limits(rowGroup: 10));

        Assert.Equal(3, parquet.RowGroups);
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (object?)(long)i), parquet.Column("n"));
    }

    [Fact]
    public async Task Empty_list_is_rejected()
    {
        var rejected = await RejectedAsync("[]");

        Assert.Equal(IngestRejectCodes.NoRecords, rejected.Code);
        Assert.Equal("No records provided for ingestion.", rejected.Message);
    }

    [Fact]
    public async Task Record_that_is_not_an_object_is_rejected_naming_its_index()
    {
        var rejected = await RejectedAsync("""[{"a": 1}, {"a": 2}, [1, 2]]""");

        Assert.Equal(IngestRejectCodes.RecordNotObject, rejected.Code);
        Assert.Equal(2, rejected.Line);
        Assert.StartsWith("Record at index 2 is a JSON array, not an object.", rejected.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_distinct_keys_than_the_column_limit_are_rejected()
    {
        var limits = Ingestion.Limits();
        limits.MaxColumns = 2;

        var rejected = await RejectedAsync("""[{"a": 1, "b": 2}, {"c": 3}]""", limits);

        Assert.Equal(IngestRejectCodes.TooManyColumns, rejected.Code);
        Assert.Equal(413, rejected.StatusCode);
        Assert.Equal(1, rejected.Line);
    }

    [Fact]
    public async Task Records_without_any_key_are_rejected()
    {
        var rejected = await RejectedAsync("[{}, {}]");

        Assert.Equal(IngestRejectCodes.NoColumns, rejected.Code);
    }

    private async Task<(IngestResult Result, ParquetContents Parquet)> IngestAsync(string json, IngestLimits? limits = null)
    {
        var path = _dir.StagedParquet();
        var result = await RecordsIngest.WriteParquetAsync(Records(json), path, limits ?? Ingestion.Limits(), NullLogger.Instance, CancellationToken.None);
        Assert.Equal(["out.parquet"], _dir.FileNames());
        return (result, await ParquetContents.ReadAsync(path));
    }

    private async Task<IngestRejected> RejectedAsync(string json, IngestLimits? limits = null)
    {
        var path = _dir.StagedParquet();
        var rejected = await Assert.ThrowsAsync<IngestRejected>(() =>
            RecordsIngest.WriteParquetAsync(Records(json), path, limits ?? Ingestion.Limits(), NullLogger.Instance, CancellationToken.None));
        Assert.Empty(_dir.FileNames());
        return rejected;
    }

    private static List<JsonElement> Records(string json) => JsonSerializer.Deserialize<List<JsonElement>>(json)!;
}
