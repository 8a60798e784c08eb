using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AgentProvision.Tests.Runs;

public sealed record RunDto(
    Guid Id,
    long? RunId,
    Guid? NotebookId,
    Guid? PipelineId,
    JsonElement Parameters,
    string Origin,
    string State,
    string LifeCycleState,
    string? ResultState,
    string? StateMessage,
    long? StartTime,
    long? EndTime,
    long? ExecutionDuration,
    string? RunPageUrl,
    long? NumberInJob,
    JsonElement Tasks,
    string? Output,
    bool CancelRequested,
    DateTimeOffset CreatedAt,
    SyncDto Sync)
{
    public bool IsFinished => LifeCycleState is "TERMINATED" or "SKIPPED" or "INTERNAL_ERROR";

    public override string ToString() =>
        $"run {Id} (Databricks {RunId}): state {State}, life cycle {LifeCycleState}, result {ResultState}, message '{StateMessage}', " +
        $"cancel {CancelRequested}, sync {Sync.Status} gen {Sync.Generation}/{Sync.SyncedGeneration} attempts {Sync.Attempts} error {Sync.LastError}";
}

/// <summary>Run calls as a client makes them, and waits on a run's state.</summary>
public static class RunClient
{
    public const string Notebooks = "notebooks";
    public const string Pipelines = "data_pipelines";

    /// <summary>POST <c>/{route}/{id}/{action}</c> with an optional JSON body; the status and the raw body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> StartRunRawAsync(
        this TenantClient tenant, string route, Guid targetId, string? json = null, string action = "execute")
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await tenant.Http.PostAsync($"/api/v1/{route}/{targetId}/{action}", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<RunDto> StartRunAsync(
        this TenantClient tenant, string route, Guid targetId, object? parameters = null, string action = "execute")
    {
        var json = parameters is null ? null : JsonSerializer.Serialize(new { parameters }, Wire.Json);
        var (status, body) = await tenant.StartRunRawAsync(route, targetId, json, action);
        Assert.True(status == HttpStatusCode.Accepted, $"{action} answered {(int)status}: {body}");
        return JsonSerializer.Deserialize<RunDto>(body, Wire.Json)!;
    }

    public static Task<RunDto> ExecuteNotebookAsync(this TenantClient tenant, Guid notebookId, object? parameters = null) =>
        tenant.StartRunAsync(Notebooks, notebookId, parameters);

    public static async Task<RunDto> GetRunAsync(this TenantClient tenant, string route, Guid targetId, string runId)
    {
        using var response = await tenant.Http.GetAsync($"/api/v1/{route}/{targetId}/runs/{runId}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"get run answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<RunDto>(body, Wire.Json)!;
    }

    public static async Task<List<RunDto>> ListRunsAsync(this TenantClient tenant, string route, Guid targetId, string query = "")
    {
        using var response = await tenant.Http.GetAsync($"/api/v1/{route}/{targetId}/runs{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"list runs answered {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<List<RunDto>>(body, Wire.Json)!;
    }

    public static async Task<(HttpStatusCode Status, string Body)> CancelRunAsync(this TenantClient tenant, string route, Guid targetId, string runId)
    {
        using var response = await tenant.Http.PostAsync($"/api/v1/{route}/{targetId}/runs/{runId}/cancel", null);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Polls the run until <paramref name="until"/> holds; fails with the last state and the worker's log.</summary>
    public static async Task<RunDto> WaitForRunAsync(
        this TenantClient tenant, string route, Guid targetId, Guid runId, Func<RunDto, bool> until, TimeSpan timeout, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        RunDto last;
        do
        {
            last = await tenant.GetRunAsync(route, targetId, runId.ToString());
            if (until(last))
            {
                return last;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Run {runId} did not reach the expected state within {timeout}. Last: {last}\n{diagnostics()}");
        return last;
    }

    public static Task<RunDto> WaitUntilRunFinishedAsync(this TenantClient tenant, string route, Guid targetId, Guid runId, TimeSpan timeout, Func<string> diagnostics) =>
        tenant.WaitForRunAsync(route, targetId, runId, run => run.IsFinished, timeout, diagnostics);
}
