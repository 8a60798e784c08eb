using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AgentProvision.Contracts.Connector;
using Polly.CircuitBreaker;
using Polly.Timeout;
using static AgentProvision.Contracts.Connector.ConnectorRoutes;

namespace AgentProvision.Connector;

/// <summary>
/// Typed client of the MCP connector: every operation of the original MCP client (seed-contract.md §3.2) and the
/// documented extensions (docs/connector-contract.md), one method each. Quick retries, Retry-After, the circuit
/// breaker and timeouts live on its HttpClient pipeline; this class only speaks the contract and turns failures
/// into <see cref="ConnectorException"/>. Deletes answer false when the object was already gone (delete is idempotent
/// for us); extension calls answer <see cref="Extension{T}.Unsupported"/> on a server without them.
/// </summary>
public sealed partial class ConnectorClient(HttpClient http, ConnectorExtensionSupport extensions)
{
    // Health
    public Task<ConnectorHealth> GetHealthAsync(CancellationToken cancellationToken) =>
        GetAsync<ConnectorHealth>(Health, cancellationToken);

    // Catalogs
    public Task<CatalogCreated> CreateCatalogAsync(CreateCatalogRequest request, CancellationToken cancellationToken) =>
        SendAsync<CatalogCreated>(HttpMethod.Post, Catalogs, request, cancellationToken);

    public Task<CatalogStatus> GetCatalogStatusAsync(string tenantId, CancellationToken cancellationToken) =>
        GetAsync<CatalogStatus>(CatalogStatus(tenantId), cancellationToken);

    // Datasets
    public Task<DatasetTable> CreateDatasetAsync(CreateDatasetRequest request, CancellationToken cancellationToken) =>
        SendAsync<DatasetTable>(HttpMethod.Post, Datasets, request, cancellationToken);

    /// <summary>
    /// Uploads a Parquet file as the dataset's table; the same name again replaces it (a new version). Never retried on
    /// the wire: a repeat after a lost answer would add a second version, so the caller checks the table first.
    /// </summary>
    public async Task<DatasetTable> UploadDatasetAsync(
        string tenantId, string datasetName, Func<Stream> openFile, CancellationToken cancellationToken, string format = "parquet")
    {
        var uri = $"{DatasetUpload}?tenant_id={Segment(tenantId)}&dataset_name={Segment(datasetName)}&format={Segment(format)}";
        using var response = await SendCoreAsync(() =>
        {
            var file = new StreamContent(openFile());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            var form = new MultipartFormDataContent { { file, "file", $"upload.{format}" } };
            var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = form };
            request.Options.Set(ConnectorRequestOptions.NotRetriable, true);
            return request;
        }, cancellationToken);
        return await ReadAsync<DatasetTable>(response, cancellationToken);
    }

    public Task<QueryDatasetResult> QueryDatasetAsync(QueryDatasetRequest request, CancellationToken cancellationToken) =>
        SendAsync<QueryDatasetResult>(HttpMethod.Post, DatasetQuery, request, cancellationToken);

    public Task<DatasetMetadata> GetDatasetMetadataAsync(string tenantId, string datasetName, CancellationToken cancellationToken) =>
        GetAsync<DatasetMetadata>(Dataset(tenantId, datasetName), cancellationToken);

    public Task<bool> DeleteDatasetAsync(string tenantId, string datasetName, CancellationToken cancellationToken) =>
        DeleteAsync(Dataset(tenantId, datasetName), cancellationToken);

    // Notebooks
    public Task<NotebookInfo> CreateNotebookAsync(CreateNotebookRequest request, CancellationToken cancellationToken) =>
        SendAsync<NotebookInfo>(HttpMethod.Post, Notebooks, request, cancellationToken);

    /// <summary>The notebook at <paramref name="path"/>, or null when there is none.</summary>
    public Task<NotebookDetails?> GetNotebookAsync(string tenantId, string path, CancellationToken cancellationToken) =>
        GetOrNullAsync<NotebookDetails>($"{TenantNotebooks(tenantId)}?path={Segment(path)}", cancellationToken);

    public Task<NotebookInfo> UpdateNotebookAsync(string tenantId, UpdateNotebookRequest request, CancellationToken cancellationToken) =>
        SendAsync<NotebookInfo>(HttpMethod.Put, TenantNotebooks(tenantId), request, cancellationToken);

    public Task<bool> DeleteNotebookAsync(string tenantId, string path, CancellationToken cancellationToken) =>
        DeleteAsync($"{TenantNotebooks(tenantId)}?path={Segment(path)}", cancellationToken);

    /// <summary>Extension: the notebook created with <paramref name="name"/> (null when there is none).</summary>
    public Task<Extension<NotebookInfo?>> LookupNotebookAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        ExtensionAsync(ConnectorExtensions.NotebookLookup,
            "a notebook whose create answer was lost cannot be found by name: it is marked failed for an operator instead of created twice, " +
            "and deleting a notebook whose path was never learned cannot find a copy such a lost create may have left",
            () => GetOrNullAsync<NotebookInfo>($"{NotebookLookup(tenantId)}?name={Segment(name)}", cancellationToken));

    /// <summary>Starts a run. Never retried on the wire: without an honoured idempotency token a retry could start a second run.</summary>
    public Task<RunSubmitted> ExecuteNotebookAsync(ExecuteNotebookRequest request, CancellationToken cancellationToken) =>
        SendAsync<RunSubmitted>(HttpMethod.Post, NotebookExecute, request, cancellationToken, retriable: false);

    public Task<RunStatus> GetNotebookRunAsync(long runId, CancellationToken cancellationToken) =>
        GetAsync<RunStatus>(NotebookRun(runId), cancellationToken);

    // Jobs
    /// <summary>Makes a new job on every call (as Databricks does), so it is never retried on the wire.</summary>
    public Task<JobCreated> CreateJobAsync(CreateJobRequest request, CancellationToken cancellationToken) =>
        SendAsync<JobCreated>(HttpMethod.Post, Jobs, request, cancellationToken, retriable: false);

    public Task<JobDetails?> GetJobAsync(long jobId, CancellationToken cancellationToken) =>
        GetOrNullAsync<JobDetails>(Job(jobId), cancellationToken);

    /// <summary>Extension: the tenant's jobs named exactly <paramref name="name"/>.</summary>
    public Task<Extension<JobList>> FindJobsByNameAsync(string tenantId, string name, CancellationToken cancellationToken) =>
        ExtensionAsync(ConnectorExtensions.JobFindByName,
            "after a job create whose answer was lost the job is not created again; the pipeline is marked failed, naming the job to check",
            () => GetAsync<JobList>($"{Jobs}?tenant_id={Segment(tenantId)}&name={Segment(name)}", cancellationToken));

    /// <summary>Extension: replaces the job's settings in place.</summary>
    public Task<Extension<JobDetails>> UpdateJobAsync(long jobId, UpdateJobRequest request, CancellationToken cancellationToken) =>
        ExtensionAsync(ConnectorExtensions.JobUpdate,
            "a changed pipeline replaces its job: the old one is deleted, and only then a new one created",
            () => SendAsync<JobDetails>(HttpMethod.Put, Job(jobId), request, cancellationToken));

    public Task<RunSubmitted> RunJobAsync(long jobId, RunJobRequest request, CancellationToken cancellationToken) =>
        SendAsync<RunSubmitted>(HttpMethod.Post, JobRun(jobId), request, cancellationToken, retriable: false);

    public Task<RunStatus> GetRunAsync(long runId, CancellationToken cancellationToken) =>
        GetAsync<RunStatus>(Run(runId), cancellationToken);

    public Task<RunList> ListJobRunsAsync(long jobId, int limit, CancellationToken cancellationToken) =>
        GetAsync<RunList>($"{JobRuns(jobId)}?limit={limit}", cancellationToken);

    public async Task CancelRunAsync(long runId, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(() => new HttpRequestMessage(HttpMethod.Post, RunCancel(runId)), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    public Task<bool> DeleteJobAsync(long jobId, CancellationToken cancellationToken) =>
        DeleteAsync(Job(jobId), cancellationToken);

    // Serving endpoints
    public Task<ServingEndpointInfo> DeployModelAsync(DeployModelRequest request, CancellationToken cancellationToken) =>
        SendAsync<ServingEndpointInfo>(HttpMethod.Post, ServingEndpoints, request, cancellationToken);

    public Task<InvokeModelResponse> InvokeModelAsync(string endpointName, InvokeModelRequest request, CancellationToken cancellationToken) =>
        SendAsync<InvokeModelResponse>(HttpMethod.Post, ServingEndpointInvoke(endpointName), request, cancellationToken);

    public Task<ServingEndpointInfo?> GetServingEndpointAsync(string endpointName, CancellationToken cancellationToken) =>
        GetOrNullAsync<ServingEndpointInfo>(ServingEndpoint(endpointName), cancellationToken);

    public Task<bool> DeleteServingEndpointAsync(string endpointName, CancellationToken cancellationToken) =>
        DeleteAsync(ServingEndpoint(endpointName), cancellationToken);

    // Vector indexes
    public Task<VectorIndexInfo> CreateVectorIndexAsync(CreateVectorIndexRequest request, CancellationToken cancellationToken) =>
        SendAsync<VectorIndexInfo>(HttpMethod.Post, VectorIndexes, request, cancellationToken);

    /// <summary>Extension: the original contract has no way to put vectors into an index.</summary>
    public Task<Extension<VectorsUpserted>> UpsertVectorsAsync(string indexName, UpsertVectorsRequest request, CancellationToken cancellationToken) =>
        ExtensionAsync(ConnectorExtensions.VectorUpsert,
            "vectors cannot be added through this connector; the index keeps what its source table gives it",
            () => SendAsync<VectorsUpserted>(HttpMethod.Post, VectorIndexVectors(indexName), request, cancellationToken));

    public Task<SearchVectorsResponse> SearchVectorsAsync(string indexName, SearchVectorsRequest request, CancellationToken cancellationToken) =>
        SendAsync<SearchVectorsResponse>(HttpMethod.Post, VectorIndexSearch(indexName), request, cancellationToken);

    public Task<bool> DeleteVectorIndexAsync(string indexName, CancellationToken cancellationToken) =>
        DeleteAsync(VectorIndex(indexName), cancellationToken);

    // Plumbing
    private async Task<Extension<T>> ExtensionAsync<T>(string extension, string fallback, Func<Task<T>> call)
    {
        try
        {
            return Extension<T>.Supported(await call());
        }
        catch (ConnectorException missing) when (missing.IsRouteMissing)
        {
            extensions.ReportMissing(extension, fallback);
            return Extension<T>.Unsupported;
        }
    }

    private async Task<T> GetAsync<T>(string uri, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task<T?> GetOrNullAsync<T>(string uri, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await GetAsync<T>(uri, cancellationToken);
        }
        catch (ConnectorException gone) when (gone.IsNotFound)
        {
            return null;
        }
    }

    private async Task<bool> DeleteAsync(string uri, CancellationToken cancellationToken)
    {
        using var response = await SendCoreAsync(() => new HttpRequestMessage(HttpMethod.Delete, uri), cancellationToken);
        try
        {
            await EnsureSuccessAsync(response, cancellationToken);
            return true;
        }
        catch (ConnectorException gone) when (gone.IsNotFound)
        {
            return false;
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string uri, object body, CancellationToken cancellationToken, bool retriable = true)
    {
        using var response = await SendCoreAsync(() =>
        {
            var request = new HttpRequestMessage(method, uri) { Content = JsonContent.Create(body, body.GetType(), options: ConnectorJson.Options) };
            if (!retriable)
            {
                request.Options.Set(ConnectorRequestOptions.NotRetriable, true);
            }

            return request;
        }, cancellationToken);
        return await ReadAsync<T>(response, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendCoreAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        try
        {
            using var message = request();
            return await http.SendAsync(message, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ConnectorException(null, "CONNECTOR_UNREACHABLE",
                $"The connector at {http.BaseAddress} did not answer ({exception.GetType().Name}: {exception.Message}).", exception);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(ConnectorJson.Options, cancellationToken)
                ?? throw new ConnectorException(response.StatusCode, "EMPTY_RESPONSE", "The connector answered with an empty body.");
        }
        catch (System.Text.Json.JsonException malformed)
        {
            throw new ConnectorException(response.StatusCode, "MALFORMED_RESPONSE",
                $"The connector's answer is not the contract's {typeof(T).Name}: {malformed.Message}", malformed);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        ConnectorError? error = null;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            error = System.Text.Json.JsonSerializer.Deserialize<ConnectorError>(body, ConnectorJson.Options);
        }
        catch (System.Text.Json.JsonException)
        {
            // Not Databricks' envelope (a proxy's error page, say): the status code alone classifies it.
        }

        if (error?.ErrorCode is null && response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            throw new ConnectorException(response.StatusCode, ConnectorException.RouteMissingCode,
                $"The connector has no route {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath} ({(int)response.StatusCode}).");
        }

        throw new ConnectorException(
            response.StatusCode,
            error?.ErrorCode ?? $"HTTP_{(int)response.StatusCode}",
            error?.Message ?? (string.IsNullOrWhiteSpace(body) ? response.ReasonPhrase ?? "no message" : Truncate(body)));
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500] + "…";
}

/// <summary>What an extension call answered: the value, or that the server lacks the extension.</summary>
public readonly record struct Extension<T>(bool IsSupported, T Value)
{
    public static Extension<T> Supported(T value) => new(true, value);

    public static Extension<T> Unsupported => new(false, default!);
}

public static class ConnectorRequestOptions
{
    /// <summary>Set on requests whose repetition could make a second object (jobs/create, run submits): no wire-level retry.</summary>
    public static readonly HttpRequestOptionsKey<bool> NotRetriable = new("AgentProvision.NotRetriable");
}
