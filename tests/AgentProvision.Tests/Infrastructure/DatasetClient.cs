using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace AgentProvision.Tests.Infrastructure;

/// <summary>Dataset calls as a client makes them: multipart uploads, JSON ingest and queries, and waits on the sync state.</summary>
public static class DatasetClient
{
    public static MultipartFormDataContent Form(string csv, string? name = "sales", string fileName = "sales.csv", string? description = null)
    {
        var form = new MultipartFormDataContent();
        if (name is not null)
        {
            form.Add(new StringContent(name), "name");
        }

        if (description is not null)
        {
            form.Add(new StringContent(description), "description");
        }

        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", fileName);
        return form;
    }

    public static async Task<DatasetDto> UploadAsync(this TenantClient tenant, string csv, string name = "sales", string? description = null)
    {
        using var response = await tenant.Http.PostAsync("/api/v1/datasets/upload", Form(csv, name, description: description));
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<DatasetDto>(Wire.Json))!;
    }

    public static async Task<DatasetDto> GetDatasetAsync(this TenantClient tenant, Guid id)
    {
        using var response = await tenant.Http.GetAsync($"/api/v1/datasets/{id}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"get answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<DatasetDto>(Wire.Json))!;
    }

    public static async Task<(HttpStatusCode Status, DatasetQueryDto? Answer, string Body)> QueryAsync(this TenantClient tenant, Guid id, string sql, int? limit = null)
    {
        using var response = await tenant.Http.PostAsJsonAsync($"/api/v1/datasets/{id}/query", new { sql, limit });
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? System.Text.Json.JsonSerializer.Deserialize<DatasetQueryDto>(body, Wire.Json) : null, body);
    }

    /// <summary>
    /// A query expected to run in Databricks (the dataset synced, the connector up). A call that times out on a busy
    /// machine falls back to local, as it should; so it asks a few times before the caller concludes it never goes remote.
    /// </summary>
    public static async Task<(HttpStatusCode Status, DatasetQueryDto? Answer, string Body)> QueryRemotelyAsync(this TenantClient tenant, Guid id, string sql)
    {
        var result = await tenant.QueryAsync(id, sql);
        for (var attempt = 1; attempt < 5 && result.Answer?.Source == "local"; attempt++)
        {
            result = await tenant.QueryAsync(id, sql);
        }

        return result;
    }

    /// <summary>Polls until the dataset's generation <paramref name="generation"/> (default: its current one) is synced.</summary>
    public static async Task<DatasetDto> WaitUntilDatasetSyncedAsync(this TenantClient tenant, DatasetDto dataset, TimeSpan timeout, Func<string> diagnostics, long? generation = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        DatasetDto last;
        do
        {
            last = await tenant.GetDatasetAsync(dataset.Id);
            if (last.Sync.Status == "synced" && last.Sync.SyncedGeneration == (generation ?? dataset.Sync.Generation))
            {
                return last;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Dataset {dataset.Id} did not sync within {timeout}. Last: {last.Sync}\n{diagnostics()}");
        return last;
    }

    /// <summary>The dataset files of one tenant in the shared storage, promoted or staged.</summary>
    public static string[] FilesOf(string storageRoot, Guid tenantId)
    {
        var promoted = Directory.Exists(Path.Combine(storageRoot, tenantId.ToString("D")))
            ? Directory.GetFiles(Path.Combine(storageRoot, tenantId.ToString("D")), "*", SearchOption.AllDirectories)
            : [];
        var staging = Path.Combine(storageRoot, ".staging");
        var staged = Directory.Exists(staging) ? Directory.GetFiles(staging, $"{tenantId:N}-*") : [];
        return [.. promoted, .. staged];
    }
}
