using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AgentProvision.Contracts.Connector;

namespace AgentProvision.McpEmulator.Tests.Support;

/// <summary>The /_emulator admin routes, as a test script would call them.</summary>
internal static class EmulatorAdmin
{
    public static async Task PutFaultsAsync(this HttpClient http, string rulesJson)
    {
        var response = await http.PutAsync("/_emulator/faults", new StringContent(rulesJson, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>One rule for one operation, in the wire shape of <c>PUT /_emulator/faults</c>.</summary>
    public static Task PutFaultAsync(this HttpClient http, string ruleJson)
        => http.PutFaultsAsync($$"""{"rules":[{{ruleJson}}]}""");

    public static async Task<JsonElement> GetFaultsAsync(this HttpClient http)
        => (await http.GetFromJsonAsync<JsonElement>("/_emulator/faults")).GetProperty("rules");

    public static async Task<IReadOnlyList<ObjectEntry>> ObjectsAsync(this HttpClient http, string? tenant = null, string? prefix = null)
    {
        var query = $"?tenant_id={tenant}&prefix={Uri.EscapeDataString(prefix ?? "")}";
        var body = await http.GetFromJsonAsync<ObjectListBody>("/_emulator/objects" + query, ConnectorJson.Options);
        return body!.Objects;
    }

    public static async Task<IReadOnlyDictionary<string, int>> CallsAsync(this HttpClient http)
        => (await http.GetFromJsonAsync<CallsBody>("/_emulator/calls", ConnectorJson.Options))!.Calls;

    public static async Task SetExtensionsAsync(this HttpClient http, bool enabled)
    {
        var response = await http.PutAsJsonAsync("/_emulator/extensions", new { enabled });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Rules in the wire shape of <c>PUT /_emulator/runs/behaviour</c>, e.g. <c>{"outcome":"fail","times":1}</c>.</summary>
    public static async Task PutRunBehaviourAsync(this HttpClient http, params string[] rulesJson)
    {
        var body = $$"""{"rules":[{{string.Join(",", rulesJson)}}]}""";
        var response = await http.PutAsync("/_emulator/runs/behaviour", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static Task<HttpResponseMessage> ScheduledRunAsync(this HttpClient http, long jobId)
        => http.PostAsync($"/_emulator/jobs/{jobId}/scheduled-run", content: null);

    public static async Task ResetAsync(this HttpClient http)
        => (await http.PostAsync("/_emulator/reset", content: null)).EnsureSuccessStatusCode();
}

/// <summary>The test's own copy of an introspection entry: if the emulator's shape drifts, deserialization shows it.</summary>
internal sealed record ObjectEntry(
    string TenantId, string Kind, string Name, long ObjectId, bool Exists, int CreatedCount, int ModifiedCount, int DeletedCount, int LiveCount);

internal sealed record ObjectListBody(IReadOnlyList<ObjectEntry> Objects);

internal sealed record CallsBody(IReadOnlyDictionary<string, int> Calls);
