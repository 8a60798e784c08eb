using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AgentProvision.Tests.Datasets;

/// <summary>The original's dataset routes and shapes (seed-contract.md §2.2), our additions, and tenant isolation.</summary>
public sealed class DatasetApiTests(SystemFixture system) : SystemTest(system)
{
    private const string Orders = "\uFEFForder_id;amount;paid;created_at;note\r\n1;12.5;true;2026-01-02T03:04:05Z;\"first; with \"\"quotes\"\"\nand a newline\"\r\n2;7;false;2026-02-03;plain\r\n3;;TRUE;2026-03-04T05:06:07+02:00;\r\n";

    [Fact]
    public async Task Upload_answers_201_with_the_original_fields_types_and_sample_rows()
    {
        var tenant = await NewTenantAsync();
        using var response = await tenant.Http.PostAsync("/api/v1/datasets/upload", DatasetClient.Form(Orders, "orders", "orders.csv", "Q1 orders"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        foreach (var field in new[] { "id", "name", "description", "source_type", "file_name", "row_count", "schema", "sample_rows", "connector_id", "created_at", "metadata", "sync" })
        {
            Assert.True(body.TryGetProperty(field, out _), $"missing '{field}' in {body}");
        }

        Assert.Equal("orders", body.GetProperty("name").GetString());
        Assert.Equal("Q1 orders", body.GetProperty("description").GetString());
        Assert.Equal("orders.csv", body.GetProperty("file_name").GetString());
        Assert.Equal("csv_upload", body.GetProperty("source_type").GetString());
        Assert.Equal(3, body.GetProperty("row_count").GetInt64());
        var dtypes = body.GetProperty("schema").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("dtype").GetString());
        Assert.Equal("int64", dtypes["order_id"]);
        Assert.Equal("float64", dtypes["amount"]);
        Assert.Equal("bool", dtypes["paid"]);
        Assert.Equal("datetime64[ns]", dtypes["created_at"]);
        Assert.Equal("object", dtypes["note"]);
        var first = body.GetProperty("sample_rows")[0];
        Assert.Equal("first; with \"quotes\"\nand a newline", first.GetProperty("note").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("sample_rows")[2].GetProperty("amount").ValueKind);
    }

    [Fact]
    public async Task Ingest_takes_json_records_with_the_original_defaults()
    {
        var tenant = await NewTenantAsync();
        using var response = await tenant.Http.PostAsJsonAsync("/api/v1/datasets/ingest", new
        {
            name = "agent output",
            records = new object[] { new { city = "Oslo", population = 709000 }, new { city = "Bergen", population = 291000, coastal = true } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var dataset = (await response.Content.ReadFromJsonAsync<DatasetDto>(Wire.Json))!;

        Assert.Equal("data_agent", dataset.SourceType);
        Assert.Null(dataset.FileName);
        Assert.Equal(2, dataset.RowCount);
        Assert.Equal(["city", "population", "coastal"], dataset.Schema.Select(c => c.Name));
        var (_, answer, body) = await tenant.QueryAsync(dataset.Id, "SELECT sum(population) AS people FROM dataset");
        Assert.True(answer is not null, body);
        Assert.Equal(1000000, answer.Rows[0]["people"].GetInt64());
    }

    [Fact]
    public async Task Ingest_without_records_is_refused_with_the_original_message()
    {
        var tenant = await NewTenantAsync();
        using var response = await tenant.Http.PostAsJsonAsync("/api/v1/datasets/ingest", new { name = "nothing", records = Array.Empty<object>() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("No records provided for ingestion.", await response.Content.ReadAsStringAsync());
        Assert.Empty(DatasetClient.FilesOf(Fixture.StorageRoot, tenant.TenantId));
    }

    [Fact]
    public async Task List_preview_summary_and_schema_answer_in_the_original_shapes()
    {
        var tenant = await NewTenantAsync();
        var older = await tenant.UploadAsync("x\n1\n", "older");
        var dataset = await tenant.UploadAsync("id,amount\n1,10\n2,30\n3,20\n", "newer");

        var (listStatus, list) = await tenant.SendAsync(HttpMethod.Get, "/api/v1/datasets");
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Equal([dataset.Id, older.Id], list.EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));

        var (_, preview) = await tenant.SendAsync(HttpMethod.Get, $"/api/v1/datasets/{dataset.Id}/preview");
        Assert.Equal(dataset.Id, preview.GetProperty("id").GetGuid());
        Assert.Equal(3, preview.GetProperty("row_count").GetInt64());
        Assert.Equal(3, preview.GetProperty("sample_rows").GetArrayLength());

        var (_, summary) = await tenant.SendAsync(HttpMethod.Get, $"/api/v1/datasets/{dataset.Id}/summary");
        var amount = summary.GetProperty("numeric_columns").EnumerateArray().Single(c => c.GetProperty("column").GetString() == "amount");
        Assert.Equal(20, amount.GetProperty("avg").GetDouble());
        Assert.Equal(10, amount.GetProperty("min").GetDouble());
        Assert.Equal(30, amount.GetProperty("max").GetDouble());

        var (_, schema) = await tenant.SendAsync(HttpMethod.Get, $"/api/v1/datasets/{dataset.Id}/schema");
        Assert.Equal(3, schema.GetProperty("row_count").GetInt64());
        var column = schema.GetProperty("columns")[0];
        Assert.Equal("id", column.GetProperty("column_name").GetString());
        Assert.Equal("BIGINT", column.GetProperty("column_type").GetString());
        Assert.Equal(3, schema.GetProperty("sample_values").GetProperty("amount").GetArrayLength());
    }

    [Fact]
    public async Task Query_runs_the_sql_it_is_given_with_a_column_named_created_at()
    {
        var tenant = await NewTenantAsync();
        Fixture.ConnectorProxy.Disable(); // keep it local whatever the sync does
        var dataset = await tenant.UploadAsync("id,created_at,deleted\n1,2026-01-01,false\n2,2026-02-01,true\n3,2026-03-01,false\n");

        var (status, answer, body) = await tenant.QueryAsync(dataset.Id,
            "SELECT id, created_at FROM dataset WHERE NOT deleted ORDER BY created_at DESC", limit: 1);

        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal("local", answer!.Source);
        Assert.Equal(["id", "created_at"], answer.Columns);
        Assert.Equal(1, answer.RowCount);
        Assert.Equal(3, answer.Rows[0]["id"].GetInt64());
        Assert.Contains("created_at", answer.Query);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task Query_limit_outside_1_to_1000_is_refused(int limit)
    {
        var tenant = await NewTenantAsync();
        var dataset = await tenant.UploadAsync("a\n1\n");

        var (status, _, body) = await tenant.QueryAsync(dataset.Id, "SELECT * FROM dataset", limit);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("limit", body);
    }

    [Theory]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')")]
    [InlineData("COPY (SELECT * FROM dataset) TO '/tmp/stolen.csv'")]
    [InlineData("ATTACH '/tmp/other.db' AS other")]
    [InlineData("INSTALL httpfs")]
    [InlineData("LOAD httpfs")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("SELECT 1; DROP TABLE dataset")]
    [InlineData("DELETE FROM dataset")]
    [InlineData("SELECT * FROM other_dataset")]
    public async Task Query_that_is_not_a_single_read_of_the_dataset_is_refused(string sql)
    {
        var tenant = await NewTenantAsync();
        var dataset = await tenant.UploadAsync("a\n1\n");

        var (status, _, body) = await tenant.QueryAsync(dataset.Id, sql);

        Assert.True(status == HttpStatusCode.BadRequest, $"{(int)status}: {body}");
        Assert.Equal("Query rejected", JsonDocument.Parse(body).RootElement.GetProperty("title").GetString());
        Assert.False(File.Exists("/tmp/stolen.csv"));
    }

    [Fact]
    public async Task Query_cannot_read_another_tenants_dataset_file()
    {
        var owner = await NewTenantAsync();
        var secret = await owner.UploadAsync("secret\nhunter2\n");
        var file = DatasetClient.FilesOf(Fixture.StorageRoot, owner.TenantId).Single();
        var intruder = await NewTenantAsync();
        var own = await intruder.UploadAsync("a\n1\n");

        var (status, _, body) = await intruder.QueryAsync(own.Id, $"SELECT * FROM read_parquet('{file}')");
        var (otherStatus, _, _) = await intruder.QueryAsync(secret.Id, "SELECT * FROM dataset");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.DoesNotContain("hunter2", body);
        Assert.Equal(HttpStatusCode.NotFound, otherStatus);
    }

    [Fact]
    public async Task Another_tenant_gets_404_on_every_dataset_route()
    {
        var owner = await NewTenantAsync();
        var dataset = await owner.UploadAsync("a\n1\n");
        var intruder = await NewTenantAsync();

        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, ""), (HttpMethod.Get, "/preview"), (HttpMethod.Get, "/summary"), (HttpMethod.Get, "/schema"),
            (HttpMethod.Get, "/databricks/status"), (HttpMethod.Post, "/sync"), (HttpMethod.Post, "/retry"), (HttpMethod.Delete, ""),
        })
        {
            var (status, _) = await intruder.SendAsync(method, $"/api/v1/datasets/{dataset.Id}{path}");
            Assert.True(status == HttpStatusCode.NotFound, $"{method} {path} answered {(int)status}");
        }

        using var patch = await intruder.Http.PatchAsJsonAsync($"/api/v1/datasets/{dataset.Id}", new { name = "mine now" });
        Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
        using var reupload = await intruder.Http.PutAsync($"/api/v1/datasets/{dataset.Id}/upload", DatasetClient.Form("a\n2\n", name: null));
        Assert.Equal(HttpStatusCode.NotFound, reupload.StatusCode);
        var (queryStatus, _, _) = await intruder.QueryAsync(dataset.Id, "SELECT * FROM dataset");
        Assert.Equal(HttpStatusCode.NotFound, queryStatus);
        var (_, list) = await intruder.SendAsync(HttpMethod.Get, "/api/v1/datasets");
        Assert.Equal(0, list.GetArrayLength());
        Assert.Equal("a", (await owner.GetDatasetAsync(dataset.Id)).Schema.Single().Name);
    }
}
