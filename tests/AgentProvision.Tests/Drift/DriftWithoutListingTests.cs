using AgentProvision.Persistence.Entities;

namespace AgentProvision.Tests.Drift;

/// <summary>Against a connector with only the original contract there is no listing: no drift check, no errors, one log line.</summary>
public sealed class DriftWithoutListingTests(SystemFixture system) : DriftTest(system)
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Fixture.Emulator.SetExtensionsAsync(false);
    }

    public override async Task DisposeAsync()
    {
        await Fixture.Emulator.SetExtensionsAsync(true);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Without_the_listing_extension_the_check_is_off_said_once_and_nothing_fails()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync();
        var path = (await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog)).Sync.NotebookPath!;
        await Databricks.DeleteNotebookAsync(tenant.TenantId, path);
        var listingsBefore = await Fixture.Emulator.CallsAsync("notebooks.list");

        var worker = await StartDriftWorkerAsync();
        const string saidOnce = "does not offer the 'notebook-list' extension";
        // The kind is probed again each interval (1 s here): wait for three probes, then count what was said.
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (await Fixture.Emulator.CallsAsync("notebooks.list") < listingsBefore + 3)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the drift check never probed the notebook listing\n{worker.RecentOutput}");
            await Task.Delay(100);
        }

        Assert.Equal(1, worker.CountLines(saidOnce));
        Assert.Equal(0, worker.CountLines("Drift detected"));
        Assert.Equal(0, worker.CountLines("Drift check round failed"));
        Assert.Equal(0, worker.CountLines("could not list"));
        var row = await WaitForAsync<Notebook>(created.Id, _ => true, "to be read");
        Assert.Equal((SyncStatus.Synced, (string?)null), (row.SyncStatus, row.LastErrorCode));
    }
}
