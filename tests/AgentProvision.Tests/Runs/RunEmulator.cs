using System.Net.Http.Json;
using System.Text.Json;

namespace AgentProvision.Tests.Runs;

/// <summary>One rule of the emulator's <c>PUT /_emulator/runs/behaviour</c>.</summary>
public sealed record RunBehaviourDto(
    long? JobId = null, string? NotebookPath = null, string? Outcome = null, string? Message = null, string? Output = null,
    int? PendingMs = null, int? RunningMs = null, int? Times = null);

/// <summary>The emulator's run admin routes (run behaviour, scheduled runs) and the run objects it counts.</summary>
public sealed class RunEmulator(SystemFixture system) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = system.EmulatorUri };

    public async Task SetBehaviourAsync(params RunBehaviourDto[] rules)
    {
        using var response = await http.PutAsJsonAsync("/_emulator/runs/behaviour", new { rules }, Wire.Json);
        response.EnsureSuccessStatusCode();
    }

    public async Task ClearBehaviourAsync()
    {
        using var response = await http.DeleteAsync("/_emulator/runs/behaviour");
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Starts a run of the job as its schedule would (trigger PERIODIC); answers its Databricks run id.</summary>
    public async Task<long> FireScheduledRunAsync(long jobId)
    {
        using var response = await http.PostAsync($"/_emulator/jobs/{jobId}/scheduled-run", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"scheduled-run answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("run_id").GetInt64();
    }

    /// <summary>
    /// How many runs the emulator ever started under <paramref name="name"/> (a notebook's path, or a job's name) for the
    /// tenant: the proof that a request made exactly one remote run.
    /// </summary>
    public async Task<int> RunsStartedAsync(Guid tenantId, string name)
    {
        var objects = await system.Emulator.ObjectsAsync(tenantId, name);
        return objects.Where(o => o.Kind == "run" && o.Name == name).Sum(o => o.CreatedCount);
    }

    /// <summary>Every run the emulator started for the tenant, whatever it ran.</summary>
    public async Task<int> AllRunsStartedAsync(Guid tenantId)
    {
        var objects = await system.Emulator.ObjectsAsync(tenantId);
        return objects.Where(o => o.Kind == "run").Sum(o => o.CreatedCount);
    }

    public void Dispose() => http.Dispose();
}
