namespace AgentProvision.Tests.Sync;

/// <summary>The original system's environment names (MCP_SERVER_URL, MCP_API_KEY) configure the worker's connector.</summary>
public sealed class OriginalSettingsTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Worker_configured_only_by_the_original_environment_names_syncs_with_the_Bearer_key()
    {
        foreach (var worker in Fixture.Workers)
        {
            worker.Kill();
        }

        // Our own keys point nowhere and carry a wrong key: only the original names can make this worker work.
        await Fixture.StartWorkerAsync(new Dictionary<string, string>
        {
            ["Mcp:ServerUrl"] = "http://127.0.0.1:9",
            ["Mcp:ApiKey"] = "not-the-key",
            ["MCP_SERVER_URL"] = $"http://127.0.0.1:{Fixture.ConnectorProxy.Port}",
            ["MCP_API_KEY"] = Fixture.ConnectorKey,
        });
        var tenant = await NewTenantAsync();

        var created = await tenant.CreateNotebookAsync();

        var synced = await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);
        Assert.Equal(EmulatorAdmin.NotebookPath(tenant.TenantId, created.Id), synced.Sync.NotebookPath);
    }
}
