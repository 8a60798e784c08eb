using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class DatasetTests
{
    private static readonly Sale[] Sales =
    [
        new("eu", 10, 1.5), new("us", 20, 2.5), new("eu", 5, 3.0), new("apac", 1, 9.0),
    ];

    private readonly string _tenant = ConnectorCalls.NewTenant();

    [Fact]
    public async Task Uploaded_parquet_becomes_the_bronze_table_of_the_tenants_catalog()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var catalog = await emulator.Http.CreateTenantCatalogAsync(_tenant);
        var file = await ParquetFiles.OfAsync(Sales);

        var table = await (await emulator.Http.UploadAsync(_tenant, "Sales", file)).ReadAsync<DatasetTable>();

        Assert.Equal($"{catalog}.bronze.sales", table.TablePath);
        Assert.Equal((catalog, "bronze", "sales"), (table.CatalogName, table.SchemaName, table.TableName));
        Assert.Equal("uploaded", table.Status);
        Assert.Equal(0, table.Version);
        Assert.Equal(4, table.RowCount);
        Assert.Equal(file.LongLength, table.SizeBytes);
        Assert.True(DateTimeOffset.TryParse(table.Timestamp, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _), table.Timestamp);
    }

    [Fact]
    public async Task Upload_without_a_catalog_answers_404_CATALOG_DOES_NOT_EXIST()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.UploadAsync(_tenant, "sales", await ParquetFiles.OfAsync(Sales));

        await response.ShouldFailAsync(404, ConnectorErrorCodes.CatalogDoesNotExist);
    }

    [Fact]
    public async Task Upload_to_an_existing_name_replaces_the_data_as_a_new_version_of_one_table()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var catalog = await emulator.Http.CreateTenantCatalogAsync(_tenant);
        await emulator.Http.UploadSalesAsync(_tenant, "sales", Sales);

        var second = await emulator.Http.UploadSalesAsync(_tenant, "sales", new Sale("eu", 7, 1.0));
        var metadata = await (await emulator.Http.MetadataAsync(_tenant, "sales")).ReadAsync<DatasetMetadata>();
        var ledger = await emulator.Http.LedgerEntryAsync(_tenant, "table", $"{catalog}.bronze.sales");

        Assert.Equal((1L, 1L), (second.Version, second.RowCount));
        Assert.Equal((1L, 1L), (metadata.Version, metadata.RowCount));
        Assert.Equal(1, ledger.GetProperty("created_count").GetInt32());
        Assert.Equal(1, ledger.GetProperty("modified_count").GetInt32());
    }

    [Fact]
    public async Task Upload_of_a_body_that_is_not_parquet_answers_400_and_keeps_no_table()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateTenantCatalogAsync(_tenant);

        var error = await (await emulator.Http.UploadAsync(_tenant, "sales", "region,amount\neu,10\n"u8.ToArray()))
            .ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);

        Assert.StartsWith("The file is not a valid Parquet file", error.Message, StringComparison.Ordinal);
        await (await emulator.Http.MetadataAsync(_tenant, "sales")).ShouldFailAsync(404, ConnectorErrorCodes.TableDoesNotExist);
    }

    [Fact]
    public async Task Upload_that_is_not_multipart_or_not_parquet_format_answers_400()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateTenantCatalogAsync(_tenant);
        var query = $"?tenant_id={_tenant}&dataset_name=sales&format=parquet";

        var json = await emulator.Http.PostAsJsonAsync(ConnectorRoutes.DatasetUpload + query, new { file = "x" });
        var csv = await emulator.Http.UploadAsync(_tenant, "sales", await ParquetFiles.OfAsync(Sales), format: "csv");

        await json.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
        await csv.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("a b")]
    [InlineData("a\u0001b")]
    public async Task Dataset_names_follow_Unity_Catalog_table_name_rules(string name)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateTenantCatalogAsync(_tenant);

        var error = await (await emulator.Http.UploadAsync(_tenant, name, await ParquetFiles.OfAsync(Sales)))
            .ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);

        Assert.EndsWith("Valid names cannot contain spaces, periods, forward slashes, or control characters.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_runs_real_SQL_with_WHERE_and_aggregates_over_the_uploaded_file()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateTenantCatalogAsync(_tenant);
        await emulator.Http.UploadSalesAsync(_tenant, "sales", Sales);

        var result = await (await emulator.Http.QueryAsync(_tenant, "sales", """
            SELECT region, sum(amount) AS total, count(*) AS orders, avg(price) AS mean_price
            FROM sales WHERE amount > 1 GROUP BY region ORDER BY region
            """)).ReadAsync<QueryDatasetResult>();

        Assert.Equal(["region", "total", "orders", "mean_price"], result.Columns);
        Assert.Equal(2, result.RowCount);
        Assert.Equal(("eu", 15L, 2L, 2.25), Row(result.Rows[0]));
        Assert.Equal(("us", 20L, 1L, 2.5), Row(result.Rows[1]));
        Assert.True(result.ExecutionTimeMs >= 0);

        static (string?, long, long, double) Row(Dictionary<string, JsonElement> row) => (
            row["region"].GetString(), row["total"].GetInt64(), row["orders"].GetInt64(), row["mean_price"].GetDouble());
    }

    [Fact]
    public async Task Query_may_name_the_table_by_dataset_name_schema_or_full_name()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var catalog = await emulator.Http.CreateTenantCatalogAsync(_tenant);
        await emulator.Http.UploadSalesAsync(_tenant, "sales", Sales);

        foreach (var table in new[] { "sales", "bronze.sales", $"{catalog}.bronze.sales" })
        {
            var result = await (await emulator.Http.QueryAsync(_tenant, "sales", $"SELECT count(*) AS n FROM {table}"))
                .ReadAsync<QueryDatasetResult>();
            Assert.Equal(4, result.Rows[0]["n"].GetInt64());
        }
    }

    [Theory]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')", "Permission Error")]
    [InlineData("SELECT * FROM read_text('/etc/hostname')", "Permission Error")]
    [InlineData("COPY sales TO '/tmp/stolen.csv'", "Permission Error")]
    [InlineData("ATTACH '/tmp/other.duckdb' AS other", "Permission Error")]
    [InlineData("SET enable_external_access = true", "the configuration has been locked")]
    [InlineData("RESET enable_external_access", "the configuration has been locked")]
    [InlineData("SET lock_configuration = false", "the configuration has been locked")]
    [InlineData("INSTALL httpfs", "Permission Error")]
    public async Task Query_cannot_reach_files_or_unlock_the_sandbox(string sql, string refusal)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateTenantCatalogAsync(_tenant);
        await emulator.Http.UploadSalesAsync(_tenant, "sales", Sales);

        var error = await (await emulator.Http.QueryAsync(_tenant, "sales", sql)).ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);

        Assert.Contains(refusal, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_sees_only_the_tenants_own_data()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var other = ConnectorCalls.NewTenant();
        await emulator.Http.CreateTenantCatalogAsync(_tenant);
        var otherCatalog = await emulator.Http.CreateTenantCatalogAsync(other);
        await emulator.Http.UploadSalesAsync(_tenant, "sales", Sales);
        await emulator.Http.UploadSalesAsync(other, "sales", new Sale("mars", 99, 1));

        var own = await (await emulator.Http.QueryAsync(_tenant, "sales", "SELECT count(*) AS n FROM sales")).ReadAsync<QueryDatasetResult>();
        var theirs = await emulator.Http.QueryAsync(_tenant, "sales", $"SELECT * FROM {otherCatalog}.bronze.sales");

        Assert.Equal(4, own.Rows[0]["n"].GetInt64());
        await theirs.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Fact]
    public async Task Bad_SQL_answers_400_with_DuckDBs_message()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateTenantCatalogAsync(_tenant);
        await emulator.Http.UploadSalesAsync(_tenant, "sales", Sales);

        var error = await (await emulator.Http.QueryAsync(_tenant, "sales", "SELEC region FROM sales"))
            .ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);

        Assert.Contains("syntax error", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Query_of_a_missing_dataset_answers_404_TABLE_DOES_NOT_EXIST()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var catalog = await emulator.Http.CreateTenantCatalogAsync(_tenant);

        var error = await (await emulator.Http.QueryAsync(_tenant, "nowhere", "SELECT 1"))
            .ShouldFailAsync(404, ConnectorErrorCodes.TableDoesNotExist);

        Assert.Equal($"Table '{catalog}.bronze.nowhere' does not exist.", error.Message);
    }

    [Fact]
    public async Task Create_from_schema_and_rows_makes_a_table_that_queries_like_an_upload()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var catalog = await emulator.Http.CreateTenantCatalogAsync(_tenant);
        var request = new CreateDatasetRequest(_tenant, "Customers",
            [new("id", "bigint"), new("name", "string"), new("joined", "date"), new("balance", "decimal(10,2)")],
            [Row("""{"id":1,"name":"Ada","joined":"2024-01-02","balance":10.5}"""), Row("""{"id":2,"name":null}""")]);

        var table = await (await emulator.Http.PostAsJsonAsync(ConnectorRoutes.Datasets, request, ConnectorJson.Options)).ReadAsync<DatasetTable>();
        var metadata = await (await emulator.Http.MetadataAsync(_tenant, "customers")).ReadAsync<DatasetMetadata>();
        var result = await (await emulator.Http.QueryAsync(_tenant, "customers", "SELECT name, joined FROM customers WHERE id = 1"))
            .ReadAsync<QueryDatasetResult>();

        Assert.Equal(($"{catalog}.bronze.customers", "created", 0L, 2L), (table.TablePath, table.Status, table.Version, table.RowCount));
        Assert.Equal([new("id", "bigint"), new("name", "string"), new("joined", "date"), new DatasetColumn("balance", "decimal(10,2)")], metadata.Columns);
        Assert.Equal("Ada", result.Rows[0]["name"].GetString());
        Assert.Equal("2024-01-02", result.Rows[0]["joined"].GetString());
    }

    [Fact]
    public async Task Creating_an_existing_table_answers_409_and_rows_that_do_not_fit_answer_400()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateTenantCatalogAsync(_tenant);
        var schema = new DatasetColumn[] { new("id", "int") };
        await emulator.Http.PostAsJsonAsync(ConnectorRoutes.Datasets, new CreateDatasetRequest(_tenant, "ids", schema), ConnectorJson.Options);

        var again = await emulator.Http.PostAsJsonAsync(ConnectorRoutes.Datasets, new CreateDatasetRequest(_tenant, "IDS", schema), ConnectorJson.Options);
        var misfit = await emulator.Http.PostAsJsonAsync(
            ConnectorRoutes.Datasets, new CreateDatasetRequest(_tenant, "other", schema, [Row("""{"id":"abc"}""")]), ConnectorJson.Options);
        var badType = await emulator.Http.PostAsJsonAsync(
            ConnectorRoutes.Datasets, new CreateDatasetRequest(_tenant, "third", [new("id", "int); DROP TABLE x; --")]), ConnectorJson.Options);

        await again.ShouldFailAsync(409, ConnectorErrorCodes.ResourceAlreadyExists);
        await misfit.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
        await badType.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Fact]
    public async Task Metadata_reports_table_size_rows_columns_and_version()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var catalog = await emulator.Http.CreateTenantCatalogAsync(_tenant);
        var uploaded = await emulator.Http.UploadSalesAsync(_tenant, "sales", Sales);

        var metadata = await (await emulator.Http.MetadataAsync(_tenant, "SALES")).ReadAsync<DatasetMetadata>();

        Assert.Equal($"{catalog}.bronze.sales", metadata.Table);
        Assert.Equal((uploaded.SizeBytes, 4L, 0L), (metadata.SizeBytes, metadata.RowCount, metadata.Version));
        Assert.Equal(uploaded.Timestamp, metadata.LastModified);
        Assert.Equal([new("region", "string"), new("amount", "int"), new DatasetColumn("price", "double")], metadata.Columns);
    }

    [Fact]
    public async Task Metadata_of_a_missing_dataset_answers_404_TABLE_DOES_NOT_EXIST()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateTenantCatalogAsync(_tenant);

        await (await emulator.Http.MetadataAsync(_tenant, "nowhere")).ShouldFailAsync(404, ConnectorErrorCodes.TableDoesNotExist);
    }

    [Fact]
    public async Task Deleted_dataset_is_gone_and_a_second_delete_answers_404()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var catalog = await emulator.Http.CreateTenantCatalogAsync(_tenant);
        await emulator.Http.UploadSalesAsync(_tenant, "sales", Sales);

        var deleted = await (await emulator.Http.DeleteDatasetAsync(_tenant, "sales")).ReadAsync<Acknowledged>();
        var again = await emulator.Http.DeleteDatasetAsync(_tenant, "sales");
        var ledger = await emulator.Http.LedgerEntryAsync(_tenant, "table", $"{catalog}.bronze.sales");

        Assert.Equal("deleted", deleted.Status);
        await again.ShouldFailAsync(404, ConnectorErrorCodes.TableDoesNotExist);
        await (await emulator.Http.MetadataAsync(_tenant, "sales")).ShouldFailAsync(404, ConnectorErrorCodes.TableDoesNotExist);
        Assert.False(ledger.GetProperty("exists").GetBoolean());
        Assert.Equal(1, ledger.GetProperty("deleted_count").GetInt32());
    }

    [Fact]
    public async Task Upload_faulted_after_the_state_change_keeps_the_table_and_a_retry_only_modifies_it()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var catalog = await emulator.Http.CreateTenantCatalogAsync(_tenant);
        await emulator.Http.PutFaultAsync("""{"operation":"datasets.upload","mode":"after_state_change","times":1}""");
        var file = await ParquetFiles.OfAsync(Sales);

        var faulted = await emulator.Http.UploadAsync(_tenant, "sales", file);
        var retried = await (await emulator.Http.UploadAsync(_tenant, "sales", file)).ReadAsync<DatasetTable>();
        var ledger = await emulator.Http.LedgerEntryAsync(_tenant, "table", $"{catalog}.bronze.sales");

        Assert.False(faulted.IsSuccessStatusCode);
        Assert.Equal(1, retried.Version);
        Assert.Equal(1, ledger.GetProperty("created_count").GetInt32());
        Assert.Equal(2, (await emulator.Http.CallsAsync())["datasets.upload"]);
    }

    private static Dictionary<string, JsonElement> Row(string json)
        => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
}
