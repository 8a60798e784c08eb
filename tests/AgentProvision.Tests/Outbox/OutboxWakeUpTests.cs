namespace AgentProvision.Tests.Outbox;

public sealed class OutboxWakeUpTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Dispatcher_is_woken_by_the_API_commit_and_does_not_wait_for_its_poll()
    {
        foreach (var worker in Fixture.Workers)
        {
            worker.Kill();
        }

        // Polling once a minute: only the NOTIFY sent after the API's commit can wake this dispatcher in time.
        await Fixture.StartWorkerAsync(new Dictionary<string, string> { ["SyncWorker:DispatcherPollInterval"] = "00:01:00" });
        var tenant = await NewTenantAsync();

        var created = await tenant.CreateNotebookAsync();

        // Inside both the poll interval and the 10 s sync deadline after which the reconciler would step in; the
        // margin is for a freshly started worker's first, JIT-cold sync (about 1.5 s measured).
        await tenant.WaitUntilSyncedAsync(created, TimeSpan.FromSeconds(8), WorkerLog);
    }
}
