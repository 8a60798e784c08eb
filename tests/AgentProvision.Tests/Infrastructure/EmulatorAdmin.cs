using System.Net.Http.Json;

namespace AgentProvision.Tests.Infrastructure;

/// <summary>The emulator's fault-injection and introspection routes, over HTTP.</summary>
public sealed class EmulatorAdmin(HttpClient http)
{
    public async Task SetFaultsAsync(params FaultRuleDto[] rules)
    {
        using var response = await http.PutAsJsonAsync("/_emulator/faults", new { rules }, Wire.Json);
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await http.DeleteAsync("/_emulator/faults");
        response.EnsureSuccessStatusCode();
    }

    public async Task<List<EmulatorObject>> ObjectsAsync(Guid tenantId, string prefix = "")
    {
        var result = await http.GetFromJsonAsync<EmulatorObjects>(
            $"/_emulator/objects?tenant_id={tenantId}&prefix={Uri.EscapeDataString(prefix)}", Wire.Json);
        return result!.Objects;
    }

    /// <summary>How many calls each connector operation has received since the emulator started.</summary>
    public async Task<int> CallsAsync(string operation)
    {
        var result = await http.GetFromJsonAsync<EmulatorCalls>("/_emulator/calls", Wire.Json);
        return result!.Calls.GetValueOrDefault(operation);
    }

    /// <summary>The notebook's current source in the emulated workspace, or null when there is none.</summary>
    public async Task<string?> ExportAsync(Guid tenantId, string path)
    {
        using var response = await http.GetAsync($"/agentprovision/v1/databricks/notebooks/export?tenant_id={tenantId}&path={Uri.EscapeDataString(path)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var exported = await response.Content.ReadFromJsonAsync<ExportDto>(Wire.Json);
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(exported!.Content));
    }

    /// <summary>The one notebook object at <paramref name="path"/>; fails if there is none.</summary>
    public async Task<EmulatorObject> NotebookAsync(Guid tenantId, string path)
    {
        var objects = await ObjectsAsync(tenantId, path);
        return Assert.Single(objects, o => o.Kind == "notebook" && o.Name == path);
    }
}
