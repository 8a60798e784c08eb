using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentProvision.Contracts.Connector;

namespace AgentProvision.McpEmulator.Tests.Support;

/// <summary>Connector calls in the contract's shapes and JSON settings, the way the worker's client sends them.</summary>
internal static class ConnectorCalls
{
    public const string NotebookText = "# Databricks notebook source\nprint('hello')\n";

    public static string NewTenant() => "tenant-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Where the emulator puts a tenant's notebook of this name.</summary>
    public static string NotebookPath(string tenant, string name) => $"/Shared/agentprovision/{tenant}/{name}";

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient http, string route, T body, CancellationToken cancellationToken = default)
        => http.PostAsJsonAsync(route, body, ConnectorJson.Options, cancellationToken);

    public static Task<HttpResponseMessage> PutJsonAsync<T>(this HttpClient http, string route, T body)
        => http.PutAsJsonAsync(route, body, ConnectorJson.Options);

    /// <summary>Posts JSON text as is, to send shapes the contract types cannot express (missing fields, bad values).</summary>
    public static Task<HttpResponseMessage> PostRawJsonAsync(this HttpClient http, string route, string json)
        => http.PostAsync(route, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient http, string method, string route, string? json = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), route);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return http.SendAsync(request);
    }

    // Catalogs

    public static Task<HttpResponseMessage> CreateCatalogAsync(this HttpClient http, string tenant, string name)
        => http.PostJsonAsync(ConnectorRoutes.Catalogs, new CreateCatalogRequest(tenant, name, $"Catalog for tenant {tenant}"));

    public static async Task<CatalogStatus> CatalogStatusAsync(this HttpClient http, string tenant)
        => await (await http.GetAsync(ConnectorRoutes.CatalogStatus(tenant))).ReadAsync<CatalogStatus>();

    // Notebooks

    public static Task<HttpResponseMessage> CreateNotebookAsync(
        this HttpClient http, string tenant, string name, string language = "python", string content = NotebookText,
        CancellationToken cancellationToken = default)
        => http.PostJsonAsync(ConnectorRoutes.Notebooks, new CreateNotebookRequest(tenant, name, language, content), cancellationToken);

    public static async Task<NotebookInfo> NewNotebookAsync(this HttpClient http, string tenant, string name)
        => await (await http.CreateNotebookAsync(tenant, name)).ReadAsync<NotebookInfo>();

    public static Task<HttpResponseMessage> GetNotebookAsync(this HttpClient http, string tenant, string path)
        => http.GetAsync($"{ConnectorRoutes.TenantNotebooks(tenant)}?path={Uri.EscapeDataString(path)}");

    public static Task<HttpResponseMessage> UpdateNotebookAsync(
        this HttpClient http, string tenant, string path, string content, string? language = null)
        => http.PutJsonAsync(ConnectorRoutes.TenantNotebooks(tenant), new UpdateNotebookRequest(path, content, language));

    public static Task<HttpResponseMessage> DeleteNotebookAsync(this HttpClient http, string tenant, string path)
        => http.DeleteAsync($"{ConnectorRoutes.TenantNotebooks(tenant)}?path={Uri.EscapeDataString(path)}");

    public static Task<HttpResponseMessage> LookupNotebookAsync(this HttpClient http, string tenant, string name)
        => http.GetAsync($"{ConnectorRoutes.NotebookLookup(tenant)}?name={Uri.EscapeDataString(name)}");

    public static Task<HttpResponseMessage> ExecuteNotebookAsync(this HttpClient http, string tenant, string path, string? token = null)
        => http.PostJsonAsync(
            ConnectorRoutes.NotebookExecute,
            new ExecuteNotebookRequest(tenant, path, new Dictionary<string, string> { ["date"] = "2026-01-01" }, token));

    public static async Task<RunStatus> NotebookRunAsync(this HttpClient http, long runId)
        => await (await http.GetAsync(ConnectorRoutes.NotebookRun(runId))).ReadAsync<RunStatus>();

    // Jobs and runs

    public static IReadOnlyList<JobTask> TwoTasks { get; } =
    [
        new JobTask("ingest", [], new NotebookTask("/Shared/agentprovision/etl/ingest", new Dictionary<string, string>())),
        new JobTask("report", [new TaskDependency("ingest")], SqlTask: new SqlTask(new SqlQuery("SELECT 1"), "wh-1")),
    ];

    public static Task<HttpResponseMessage> CreateJobAsync(
        this HttpClient http, string tenant, string name, IReadOnlyList<JobTask>? tasks = null, JobSchedule? schedule = null)
        => http.PostJsonAsync(ConnectorRoutes.Jobs, new CreateJobRequest(tenant, name, tasks ?? TwoTasks, schedule));

    public static async Task<JobCreated> NewJobAsync(this HttpClient http, string tenant, string name, JobSchedule? schedule = null)
        => await (await http.CreateJobAsync(tenant, name, schedule: schedule)).ReadAsync<JobCreated>();

    public static Task<HttpResponseMessage> GetJobAsync(this HttpClient http, long jobId) => http.GetAsync(ConnectorRoutes.Job(jobId));

    public static Task<HttpResponseMessage> FindJobsAsync(this HttpClient http, string tenant, string name)
        => http.GetAsync($"{ConnectorRoutes.Jobs}?tenant_id={tenant}&name={Uri.EscapeDataString(name)}");

    public static Task<HttpResponseMessage> UpdateJobAsync(this HttpClient http, long jobId, UpdateJobRequest request)
        => http.PutJsonAsync(ConnectorRoutes.Job(jobId), request);

    public static Task<HttpResponseMessage> DeleteJobAsync(this HttpClient http, long jobId) => http.DeleteAsync(ConnectorRoutes.Job(jobId));

    public static Task<HttpResponseMessage> RunJobAsync(this HttpClient http, string tenant, long jobId, string? token = null)
        => http.PostJsonAsync(ConnectorRoutes.JobRun(jobId), new RunJobRequest(tenant, new Dictionary<string, string>(), token));

    public static async Task<RunSubmitted> NewRunAsync(this HttpClient http, string tenant, long jobId)
        => await (await http.RunJobAsync(tenant, jobId)).ReadAsync<RunSubmitted>();

    public static Task<HttpResponseMessage> JobRunsAsync(this HttpClient http, long jobId, int limit = 25)
        => http.GetAsync($"{ConnectorRoutes.JobRuns(jobId)}?limit={limit}");

    public static async Task<RunStatus> RunAsync(this HttpClient http, long runId)
        => await (await http.GetAsync(ConnectorRoutes.Run(runId))).ReadAsync<RunStatus>();

    /// <summary>No body, as the original client sends it.</summary>
    public static Task<HttpResponseMessage> CancelRunAsync(this HttpClient http, long runId)
        => http.PostAsync(ConnectorRoutes.RunCancel(runId), content: null);

    // Answers

    /// <summary>Reads a 2xx body; on anything else fails with the body, which says why.</summary>
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Expected success, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, ConnectorJson.Options)
            ?? throw new InvalidOperationException("The body was JSON null.");
    }

    /// <summary>Asserts the status and the Databricks envelope, and returns the envelope for message checks.</summary>
    public static async Task<ConnectorError> ShouldFailAsync(this HttpResponseMessage response, int status, string errorCode)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonSerializer.Deserialize<ConnectorError>(text, ConnectorJson.Options);
        Assert.NotNull(error);
        Assert.Equal(errorCode, error.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }

    /// <summary>
    /// Asserts a seed server's answer for a route it lacks: 404 <c>{"detail":"Not Found"}</c> or 405
    /// <c>{"detail":"Method Not Allowed"}</c>, JSON, and no error_code.
    /// </summary>
    public static async Task ShouldBeMissingRouteAsync(this HttpResponseMessage response, int status = 404)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var expected = status == 404 ? """{"detail":"Not Found"}""" : """{"detail":"Method Not Allowed"}""";
        Assert.Equal(expected, text);
    }
}
