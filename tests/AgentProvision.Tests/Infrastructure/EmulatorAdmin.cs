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

    /// <summary>How many calls of <paramref name="operation"/> named <paramref name="tenantId"/> (counted once each call is answered).</summary>
    public async Task<int> CallsAsync(string operation, Guid tenantId)
    {
        var result = await http.GetFromJsonAsync<EmulatorCalls>($"/_emulator/calls?tenant_id={tenantId}", Wire.Json);
        return result!.Calls.GetValueOrDefault(operation);
    }

    /// <summary>The notebook's current source in the emulated workspace (the contract's get_notebook), or null when there is none.</summary>
    public async Task<string?> NotebookContentAsync(Guid tenantId, string path)
    {
        using var response = await http.GetAsync($"/agentprovision/v1/databricks/notebooks/{tenantId}?path={Uri.EscapeDataString(path)}");
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<RemoteNotebookDto>(Wire.Json))!.Content;
    }

    /// <summary>Where the emulator puts a notebook created under <paramref name="name"/> (its documented convention).</summary>
    public static string NotebookPath(Guid tenantId, Guid notebookId) =>
        $"/Shared/agentprovision/{tenantId}/{AgentProvision.Persistence.Entities.Notebook.DatabricksNameFor(notebookId)}";

    /// <summary>Switches the contract extensions on or off, as a connector with only the original contract would be.</summary>
    public async Task SetExtensionsAsync(bool enabled)
    {
        using var response = await http.PutAsJsonAsync("/_emulator/extensions", new { enabled }, Wire.Json);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The one notebook object at <paramref name="path"/>; fails if there is none.</summary>
    public async Task<EmulatorObject> NotebookAsync(Guid tenantId, string path)
    {
        var objects = await ObjectsAsync(tenantId, path);
        return Assert.Single(objects, o => o.Kind == "notebook" && o.Name == path);
    }
}
