using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AgentProvision.Contracts.Connector;

namespace AgentProvision.McpEmulator.Tests.Support;

/// <summary>Dataset, serving and vector calls in the contract's shapes, as the original client sends them.</summary>
internal static class DataCalls
{
    /// <summary>Gives the tenant its catalog (every dataset call needs one) and answers its name.</summary>
    public static async Task<string> CreateTenantCatalogAsync(this HttpClient http, string tenant)
    {
        var catalog = "cat_" + tenant.Replace("-", "_", StringComparison.Ordinal);
        var response = await http.PostAsJsonAsync(ConnectorRoutes.Catalogs, new CreateCatalogRequest(tenant, catalog), ConnectorJson.Options);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return catalog;
    }

    /// <summary>upload_dataset_file: multipart field <c>file</c> named <c>upload.parquet</c>, the rest in the query.</summary>
    public static Task<HttpResponseMessage> UploadAsync(this HttpClient http, string tenant, string datasetName, byte[] file, string format = "parquet")
    {
        var content = new MultipartFormDataContent();
        var part = new ByteArrayContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Add(part, "file", $"upload.{format}");
        var query = $"?tenant_id={Uri.EscapeDataString(tenant)}&dataset_name={Uri.EscapeDataString(datasetName)}&format={format}";
        return http.PostAsync(ConnectorRoutes.DatasetUpload + query, content);
    }

    public static async Task<DatasetTable> UploadSalesAsync(this HttpClient http, string tenant, string datasetName, params Sale[] sales)
        => await (await http.UploadAsync(tenant, datasetName, await ParquetFiles.OfAsync(sales))).ReadAsync<DatasetTable>();

    public static Task<HttpResponseMessage> QueryAsync(this HttpClient http, string tenant, string datasetName, string sql)
        => http.PostAsJsonAsync(ConnectorRoutes.DatasetQuery, new QueryDatasetRequest(tenant, datasetName, sql), ConnectorJson.Options);

    public static Task<HttpResponseMessage> MetadataAsync(this HttpClient http, string tenant, string datasetName)
        => http.GetAsync(ConnectorRoutes.Dataset(tenant, datasetName));

    public static Task<HttpResponseMessage> DeleteDatasetAsync(this HttpClient http, string tenant, string datasetName)
        => http.DeleteAsync(ConnectorRoutes.Dataset(tenant, datasetName));

    public static Task<HttpResponseMessage> DeployAsync(this HttpClient http, string tenant, string endpointName, string modelVersion = "1")
        => http.PostAsJsonAsync(
            ConnectorRoutes.ServingEndpoints, new DeployModelRequest(tenant, endpointName, "churn_model", modelVersion), ConnectorJson.Options);

    public static Task<HttpResponseMessage> InvokeAsync(this HttpClient http, string endpointName, string inputJson)
        => http.PostAsJsonAsync(
            ConnectorRoutes.ServingEndpointInvoke(endpointName), new InvokeModelRequest(JsonDocument.Parse(inputJson).RootElement), ConnectorJson.Options);

    public static Task<HttpResponseMessage> CreateIndexAsync(
        this HttpClient http, string tenant, string indexName, string sourceTable, int dimension = 3)
        => http.PostAsJsonAsync(
            ConnectorRoutes.VectorIndexes, new CreateVectorIndexRequest(tenant, indexName, sourceTable, dimension), ConnectorJson.Options);

    public static Task<HttpResponseMessage> UpsertAsync(this HttpClient http, string indexName, params VectorRecord[] vectors)
        => http.PostAsJsonAsync(ConnectorRoutes.VectorIndexVectors(indexName), new UpsertVectorsRequest(vectors), ConnectorJson.Options);

    public static Task<HttpResponseMessage> SearchAsync(this HttpClient http, string indexName, float[] query, int numResults = 10)
        => http.PostAsJsonAsync(ConnectorRoutes.VectorIndexSearch(indexName), new SearchVectorsRequest(query, numResults), ConnectorJson.Options);

    /// <summary>The introspection entry of one object, read as raw JSON so this file does not depend on the entry's full shape.</summary>
    public static async Task<JsonElement> LedgerEntryAsync(this HttpClient http, string tenant, string kind, string name)
    {
        var body = await http.GetFromJsonAsync<JsonElement>($"/_emulator/objects?tenant_id={Uri.EscapeDataString(tenant)}");
        return body.GetProperty("objects").EnumerateArray()
            .Single(entry => entry.GetProperty("kind").GetString() == kind && entry.GetProperty("name").GetString() == name);
    }
}
