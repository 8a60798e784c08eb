using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentProvision.ChaosHarness;

/// <summary>The emulator's admin routes (never faulted): fault rules and the object ledger.</summary>
public sealed class EmulatorAdmin(Uri emulator) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient http = new() { BaseAddress = emulator, Timeout = TimeSpan.FromMinutes(1) };

    public async Task SetFaultsAsync(IReadOnlyList<object> rules)
    {
        using var response = await http.PutAsJsonAsync("/_emulator/faults", new { rules }, Json);
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearFaultsAsync()
    {
        using var response = await http.DeleteAsync("/_emulator/faults");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Every object ever created, of every tenant, deleted ones included.</summary>
    public async Task<List<RemoteObject>> ObjectsAsync()
    {
        var ledger = await http.GetFromJsonAsync<RemoteObjects>("/_emulator/objects", Json);
        return ledger!.Objects;
    }

    public void Dispose() => http.Dispose();
}

/// <summary>One (tenant, kind, name) of the emulator's ledger; <c>live_count</c> above 1 means two objects under one name.</summary>
public sealed record RemoteObject(string TenantId, string Kind, string Name, bool Exists, int CreatedCount, int LiveCount);

public sealed record RemoteObjects(List<RemoteObject> Objects);
