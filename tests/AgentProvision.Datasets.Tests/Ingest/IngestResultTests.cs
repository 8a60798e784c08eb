using System.Text.Json;
using AgentProvision.Datasets.Ingest;

namespace AgentProvision.Datasets.Tests.Ingest;

public sealed class IngestResultTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Sample_rows_are_the_first_ten_rows_typed_and_serialize_to_json()
    {
        var csv = "id,price,ok,at,name\n"
            + string.Concat(Enumerable.Range(1, 15).Select(i => $"{i},{i}.25,{(i % 2 == 0 ? "true" : "false")},2024-01-{i:00}T12:00:00+01:00,n{i}\n"))
            + "16,,,,\n";

        var (result, _) = await Ingestion.CsvAsync(_dir, csv);

        Assert.Equal(10, result.SampleRows.Count);
        var first = result.SampleRows[0];
        Assert.Equal(["id", "price", "ok", "at", "name"], first.Keys);
        Assert.Equal(1L, first["id"]);
        Assert.Equal(1.25, first["price"]);
        Assert.Equal(false, first["ok"]);
        Assert.Equal(new DateTime(2024, 1, 1, 11, 0, 0, DateTimeKind.Utc), first["at"]);
        Assert.Equal("n1", first["name"]);
        Assert.Equal(
            """{"id":1,"price":1.25,"ok":false,"at":"2024-01-01T11:00:00Z","name":"n1"}""",
            JsonSerializer.Serialize(first));
    }

    [Fact]
    public async Task Sample_row_values_that_are_empty_are_null()
    {
        var (result, _) = await Ingestion.CsvAsync(_dir, "a,b\n1,\n,x\n");

        Assert.Null(result.SampleRows[0]["b"]);
        Assert.Null(result.SampleRows[1]["a"]);
    }

    [Fact]
    public async Task Numeric_summary_has_avg_min_and_max_of_integer_and_float_columns_over_their_non_null_values()
    {
        var (result, _) = await Ingestion.CsvAsync(_dir, "i,f,s,b\n1,-1.5,a,true\n,,b,false\n5,4.5,c,true\n3,,d,false\n");

        Assert.Equal(
            [new NumericColumnSummary("i", 3, 1, 5), new NumericColumnSummary("f", 1.5, -1.5, 4.5)],
            result.NumericSummary);
    }

    [Fact]
    public async Task Result_counts_rows_and_bytes_and_names_the_columns_with_pandas_dtypes()
    {
        const string csv = "i,f,b,t,s\n1,1.5,true,2024-01-01,x\n";

        var (result, _) = await Ingestion.CsvAsync(_dir, csv);

        Assert.Equal(1, result.RowCount);
        Assert.Equal(csv.Length, result.BytesRead);
        Assert.Equal(["int64", "float64", "bool", "datetime64[ns]", "object"], result.Columns.Select(c => c.Dtype));
    }
}
