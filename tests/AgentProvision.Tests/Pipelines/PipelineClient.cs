using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Pipelines;

public sealed record PipelineDto(
    Guid Id, Guid TenantId, string Name, string? Description, JsonElement Config, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    JsonElement Metadata, SyncDto Sync)
{
    public long? JobId => Metadata.ValueKind == JsonValueKind.Object && Metadata.TryGetProperty("databricks_job_id", out var id) ? id.GetInt64() : null;
}

/// <summary>Pipeline calls as a client makes them, reading the job back from the emulator through the contract, and waits on sync state.</summary>
public static class PipelineClient
{
    public const string Route = "/api/v1/data_pipelines";

    /// <summary>A three-task DAG of every type (extract → transform → load, load also after extract) with a nightly schedule.</summary>
    public const string EtlConfig = """
        {
          "tasks": [
            {"name": "extract", "type": "notebook", "depends_on": [], "config": {"notebook_path": "/Shared/etl/extract", "parameters": {"day": "today", "Mode": "full"}}},
            {"name": "transform", "type": "sql", "depends_on": ["extract"], "config": {"query": "SELECT region, sum(amount) FROM sales GROUP BY region", "warehouse_id": "wh-42"}},
            {"name": "load", "type": "python", "depends_on": ["transform", "extract"], "config": {"python_file": "/Workspace/etl/load.py", "parameters": ["--full", "--day=today"]}}
          ],
          "schedule": {"quartz_cron_expression": "0 0 2 * * ?", "timezone_id": "America/Los_Angeles"}
        }
        """;

    /// <summary>One notebook task, no schedule.</summary>
    public static string SingleTask(string notebookPath = "/Shared/etl/only") =>
        $$$"""{"tasks": [{"name": "only", "type": "notebook", "config": {"notebook_path": "{{{notebookPath}}}"}}]}""";

    public static string Body(string name, string configJson, string? description = null) =>
        $$"""{"name": {{JsonSerializer.Serialize(name)}}, "description": {{JsonSerializer.Serialize(description)}}, "config": {{configJson}}}""";

    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendJsonAsync(
        this TenantClient tenant, HttpMethod method, string path, string json)
    {
        var response = await tenant.Http.SendAsync(new HttpRequestMessage(method, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        });
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    public static async Task<PipelineDto> CreatePipelineAsync(this TenantClient tenant, string configJson = EtlConfig, string name = "nightly etl", string? description = null)
    {
        var (status, body, response) = await tenant.SendJsonAsync(HttpMethod.Post, Route, Body(name, configJson, description));
        response.Dispose();
        Assert.True(status == HttpStatusCode.Created, $"create answered {(int)status}: {body}");
        return body.Deserialize<PipelineDto>(Wire.Json)!;
    }

    public static async Task<PipelineDto> UpdatePipelineAsync(this TenantClient tenant, Guid id, string json, HttpMethod? method = null)
    {
        var (status, body, response) = await tenant.SendJsonAsync(method ?? HttpMethod.Put, $"{Route}/{id}", json);
        response.Dispose();
        Assert.True(status == HttpStatusCode.OK, $"update answered {(int)status}: {body}");
        return body.Deserialize<PipelineDto>(Wire.Json)!;
    }

    public static async Task<PipelineDto> GetPipelineAsync(this TenantClient tenant, Guid id)
    {
        using var response = await tenant.Http.GetAsync($"{Route}/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"get answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<PipelineDto>(Wire.Json))!;
    }

    public static async Task<PipelineDto> WaitForPipelineAsync(
        this TenantClient tenant, Guid id, Func<PipelineDto, bool> until, TimeSpan timeout, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        PipelineDto last;
        do
        {
            last = await tenant.GetPipelineAsync(id);
            if (until(last))
            {
                return last;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Pipeline {id} did not reach the expected state within {timeout}. Last: {last.Sync} {last.Metadata}\n{diagnostics()}");
        return last;
    }

    /// <summary>Polls until generation <paramref name="generation"/> (default: the pipeline's current one) is synced.</summary>
    public static Task<PipelineDto> WaitUntilPipelineSyncedAsync(
        this TenantClient tenant, PipelineDto pipeline, TimeSpan timeout, Func<string> diagnostics, long? generation = null) =>
        tenant.WaitForPipelineAsync(pipeline.Id,
            p => p.Sync.Status == "synced" && p.Sync.SyncedGeneration == (generation ?? pipeline.Sync.Generation), timeout, diagnostics);

    /// <summary>Polls the row (also once deleted, when the API no longer shows it) until <paramref name="until"/> holds.</summary>
    public static async Task<DataPipeline> WaitForPipelineRowAsync(
        this SystemFixture fixture, Guid id, Func<DataPipeline, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        DataPipeline? row;
        do
        {
            await using (var db = fixture.NewDbContext())
            {
                row = await db.DataPipelines.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id);
            }

            if (row is not null && until(row))
            {
                return row;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Pipeline row {id} did not reach the expected state within {timeout}: status {row?.SyncStatus}, generation " +
            $"{row?.Generation}, synced {row?.SyncedGeneration}, error {row?.LastErrorCode}: {row?.LastErrorMessage}, metadata {row?.Metadata}\n{fixture.WorkerOutput()}");
        return row!;
    }

    /// <summary>
    /// Waits until no pipeline of any test is on its way to Databricks, so a one-shot fault a test sets next meets that
    /// test's own pipeline and not one another test left syncing.
    /// </summary>
    public static async Task WaitUntilPipelinesSettleAsync(this SystemFixture fixture, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        int unsettled;
        do
        {
            await using (var db = fixture.NewDbContext())
            {
                unsettled = await db.DataPipelines.CountAsync(p =>
                    p.SyncStatus == SyncStatus.Pending || p.SyncStatus == SyncStatus.Syncing || p.SyncStatus == SyncStatus.Deleting);
            }

            if (unsettled == 0)
            {
                return;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{unsettled} pipelines were still syncing after {timeout}\n{fixture.WorkerOutput()}");
    }

    /// <summary>The job as the connector answers get_job_status (null when it does not exist), read straight from the emulator.</summary>
    public static async Task<JsonElement?> RemoteJobAsync(this SystemFixture fixture, long jobId)
    {
        using var http = new HttpClient { BaseAddress = fixture.EmulatorUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.ConnectorKey);
        using var response = await http.GetAsync($"agentprovision/v1/databricks/jobs/{jobId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Deletes a job behind the system's back, as someone in the workspace would.</summary>
    public static async Task DeleteRemoteJobAsync(this SystemFixture fixture, long jobId)
    {
        using var http = new HttpClient { BaseAddress = fixture.EmulatorUri };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.ConnectorKey);
        using var response = await http.DeleteAsync($"agentprovision/v1/databricks/jobs/{jobId}");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The emulator's ledger entry of the pipeline's job name: how many were created, deleted, and live now.</summary>
    public static async Task<EmulatorObject?> JobLedgerAsync(this SystemFixture fixture, Guid tenantId, Guid pipelineId)
    {
        var name = DataPipeline.DatabricksNameFor(pipelineId);
        var objects = await fixture.Emulator.ObjectsAsync(tenantId, name);
        return objects.SingleOrDefault(o => o.Kind == "job" && o.Name == name);
    }
}
