using System.Net;
using System.Net.Http.Json;
using AgentProvision.Contracts.Connector;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AgentProvision.SyncWorker.Connector;

/// <summary>
/// Typed client of the MCP connector (DESIGN.md §6). Quick retries, Retry-After, the circuit breaker and timeouts
/// live on its HttpClient pipeline; this class only speaks the contract and turns failures into <see cref="ConnectorException"/>.
/// </summary>
public sealed class ConnectorClient(HttpClient http)
{
    public async Task<WorkspaceObjectInfo?> GetNotebookStatusAsync(string tenantId, string path, CancellationToken cancellationToken)
    {
        var uri = $"{ConnectorRoutes.NotebookStatus}?tenant_id={Uri.EscapeDataString(tenantId)}&path={Uri.EscapeDataString(path)}";
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        return await ReadAsync<WorkspaceObjectInfo>(response, cancellationToken);
    }

    public async Task<WorkspaceObjectInfo> ImportNotebookAsync(ImportNotebookRequest request, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(ConnectorRoutes.NotebookImport, request, cancellationToken);
        return await ReadAsync<WorkspaceObjectInfo>(response, cancellationToken);
    }

    public async Task MkdirsAsync(MkdirsRequest request, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(ConnectorRoutes.WorkspaceMkdirs, request, cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
    }

    /// <summary>Deletes the notebook; false when it was already gone (delete is idempotent for us).</summary>
    public async Task<bool> DeleteNotebookAsync(DeleteNotebookRequest request, CancellationToken cancellationToken)
    {
        using var response = await PostAsync(ConnectorRoutes.NotebookDelete, request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    private Task<HttpResponseMessage> PostAsync<T>(string path, T body, CancellationToken cancellationToken) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: ConnectorJson.Options) }, cancellationToken);

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        try
        {
            using var message = request();
            return await http.SendAsync(message, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            or TaskCanceledException { CancellationToken.IsCancellationRequested: false })
        {
            throw new ConnectorException(null, "CONNECTOR_UNREACHABLE",
                $"The connector at {http.BaseAddress} did not answer ({exception.GetType().Name}: {exception.Message}).", exception);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(ConnectorJson.Options, cancellationToken)
            ?? throw new ConnectorException(response.StatusCode, "EMPTY_RESPONSE", "The connector answered with an empty body.");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        ConnectorError? error = null;
        try
        {
            error = await response.Content.ReadFromJsonAsync<ConnectorError>(ConnectorJson.Options, cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            // Not Databricks' envelope (a proxy's error page, say): the status code alone classifies it.
        }

        throw new ConnectorException(
            response.StatusCode,
            error?.ErrorCode ?? $"HTTP_{(int)response.StatusCode}",
            error?.Message ?? response.ReasonPhrase ?? "no message");
    }
}
