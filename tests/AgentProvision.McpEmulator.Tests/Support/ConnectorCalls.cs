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

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient http, string route, T body, CancellationToken cancellationToken = default)
        => http.PostAsJsonAsync(route, body, ConnectorJson.Options, cancellationToken);

    /// <summary>Posts JSON text as is, to send shapes the contract types cannot express (missing fields, bad values).</summary>
    public static Task<HttpResponseMessage> PostRawJsonAsync(this HttpClient http, string route, string json)
        => http.PostAsync(route, new StringContent(json, Encoding.UTF8, "application/json"));

    public static Task<HttpResponseMessage> CreateCatalogAsync(this HttpClient http, string tenant, string name)
        => http.PostJsonAsync(ConnectorRoutes.Catalogs, new CreateCatalogRequest(tenant, name));

    public static Task<HttpResponseMessage> GetCatalogAsync(this HttpClient http, string tenant, string name)
        => http.GetAsync($"{ConnectorRoutes.Catalogs}/{Uri.EscapeDataString(name)}?tenant_id={tenant}");

    public static Task<HttpResponseMessage> MkdirsAsync(this HttpClient http, string tenant, string path)
        => http.PostJsonAsync(ConnectorRoutes.WorkspaceMkdirs, new MkdirsRequest(tenant, path));

    public static Task<HttpResponseMessage> ImportAsync(
        this HttpClient http, string tenant, string path, bool overwrite = false, string text = NotebookText,
        string language = "PYTHON", CancellationToken cancellationToken = default)
        => http.PostJsonAsync(
            ConnectorRoutes.NotebookImport, new ImportNotebookRequest(tenant, path, language, Base64(text), overwrite), cancellationToken);

    public static Task<HttpResponseMessage> StatusAsync(this HttpClient http, string tenant, string path)
        => http.GetAsync($"{ConnectorRoutes.NotebookStatus}?tenant_id={tenant}&path={Uri.EscapeDataString(path)}");

    public static Task<HttpResponseMessage> DeleteNotebookAsync(this HttpClient http, string tenant, string path)
        => http.PostJsonAsync(ConnectorRoutes.NotebookDelete, new DeleteNotebookRequest(tenant, path));

    public static Task<HttpResponseMessage> ExportAsync(this HttpClient http, string tenant, string path)
        => http.GetAsync($"{ConnectorRoutes.NotebookExport}?tenant_id={tenant}&path={Uri.EscapeDataString(path)}");

    /// <summary>mkdirs of the parent, then import: the sequence a Databricks client needs for a new notebook.</summary>
    public static async Task<WorkspaceObjectInfo> CreateNotebookAsync(this HttpClient http, string tenant, string path)
    {
        (await http.MkdirsAsync(tenant, path[..path.LastIndexOf('/')])).EnsureSuccessStatusCode();
        return await (await http.ImportAsync(tenant, path)).ReadAsync<WorkspaceObjectInfo>();
    }

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
}
