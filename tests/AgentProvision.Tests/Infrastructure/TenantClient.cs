using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AgentProvision.Tests.Infrastructure;

/// <summary>An HTTP client logged in as the first user of a freshly registered tenant.</summary>
public sealed class TenantClient(HttpClient http, TokenDto token)
{
    public Guid TenantId => token.TenantId;
    public Guid UserId => token.UserId;
    public HttpClient Http => http;
    public string AccessToken => token.AccessToken;

    public static async Task<TenantClient> RegisterAsync(ApiFactory api)
    {
        var http = api.CreateClient();
        var email = $"user-{Guid.NewGuid():N}@example.com";
        using var response = await http.PostAsJsonAsync("/api/v1/auth/register",
            new { tenant_name = $"Tenant {Guid.NewGuid():N}"[..20], email, password = "correct-horse-1", full_name = "Test User" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<TokenDto>(Wire.Json))!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return new TenantClient(http, token);
    }

    public async Task<NotebookDto> CreateNotebookAsync(string name = "analysis", string content = "print('hello')", string language = "PYTHON")
    {
        using var response = await http.PostAsJsonAsync("/api/v1/notebooks", new { name, content, language }, Wire.Json);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<NotebookDto>(Wire.Json))!;
    }

    /// <summary>Any JSON endpoint: the status code and the parsed body (null for an empty one), for shape-level assertions.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path)
    {
        using var response = await http.SendAsync(new HttpRequestMessage(method, path));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task<NotebookDto> GetNotebookAsync(Guid id)
    {
        using var response = await http.GetAsync($"/api/v1/notebooks/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"get answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<NotebookDto>(Wire.Json))!;
    }

    /// <summary>Polls the notebook's sync state until <paramref name="until"/> holds; fails with the last state and the worker's log.</summary>
    public async Task<NotebookDto> WaitForNotebookAsync(Guid id, Func<NotebookDto, bool> until, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        NotebookDto last;
        do
        {
            last = await GetNotebookAsync(id);
            if (until(last))
            {
                return last;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Notebook {id} did not reach the expected state within {timeout}. Last: {last}\n{diagnostics?.Invoke()}");
        return last;
    }

    public Task<NotebookDto> WaitUntilSyncedAsync(NotebookDto notebook, TimeSpan timeout, Func<string>? diagnostics = null, long? generation = null) =>
        WaitForNotebookAsync(notebook.Id,
            n => n.Sync.Status == "synced" && n.Sync.SyncedGeneration == (generation ?? notebook.Sync.Generation),
            timeout, diagnostics);
}
