using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace AgentProvision.Tests.Drift;

/// <summary>
/// Someone else changing the tenant's Databricks: calls of the connector contract straight at the emulator, past the
/// worker and its rows, as a user of the workspace or another tool would.
/// </summary>
public sealed class OutOfBand(SystemFixture system) : IDisposable
{
    private const string Databricks = "/agentprovision/v1/databricks";

    private readonly HttpClient http = new()
    {
        BaseAddress = system.EmulatorUri,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", system.ConnectorKey) },
    };

    public Task DeleteNotebookAsync(Guid tenantId, string path) =>
        SendAsync(HttpMethod.Delete, $"{Databricks}/notebooks/{tenantId}?path={Uri.EscapeDataString(path)}");

    public Task ReplaceNotebookContentAsync(Guid tenantId, string path, string content) =>
        SendAsync(HttpMethod.Put, $"{Databricks}/notebooks/{tenantId}", new { path, content });

    public Task DropTableAsync(Guid tenantId, string tableName) =>
        SendAsync(HttpMethod.Delete, $"{Databricks}/datasets/{tenantId}/{tableName}");

    public Task DeleteJobAsync(long jobId) => SendAsync(HttpMethod.Delete, $"{Databricks}/jobs/{jobId}");

    private async Task SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public void Dispose() => http.Dispose();
}
