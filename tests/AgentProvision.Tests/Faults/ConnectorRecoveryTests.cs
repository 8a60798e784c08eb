using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Faults;

/// <summary>A backlog built during a connector outage drains when the connector answers again, not when each backoff ends.</summary>
public sealed class ConnectorRecoveryTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Notebooks_backing_off_after_an_outage_are_synced_as_soon_as_the_connector_answers_again()
    {
        foreach (var worker in Fixture.Workers)
        {
            worker.Kill();
        }

        // A first durable backoff of a minute, far beyond this test's wait: only the recovery can bring them back in time.
        await Fixture.StartWorkerAsync(new Dictionary<string, string>
        {
            ["SyncWorker:BaseBackoff"] = "00:01:00",
            ["SyncWorker:MaxBackoff"] = "00:05:00",
        });
        try
        {
            var tenant = await NewTenantAsync();
            // The whole connector is down, not only creates: a notebook call that succeeds meanwhile (another test's
            // leftover update or delete, re-sent by the sweep) would rightly count as the recovery and pull the backoffs
            // forward before this test looks at them.
            await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("*", "error", Status: 503));
            // The fresh worker may still be syncing earlier tests' leftovers: a call it sent before the outage began can
            // still succeed after this test's notebooks failed, and count as the recovery. Start once none is in flight.
            await WaitUntilNoSyncInFlightAsync();
            var waiting = new List<NotebookDto>();
            for (var i = 0; i < 5; i++)
            {
                waiting.Add(await tenant.CreateNotebookAsync($"during outage {i}"));
            }

            foreach (var notebook in waiting)
            {
                var row = await WaitForRowAsync(notebook.Id, n => n.LastErrorCode is not null && n.NextAttemptAt is not null, SyncTimeout);
                Assert.True(row.NextAttemptAt > DateTimeOffset.UtcNow.AddSeconds(30), $"backoff of {notebook.Id} ends at {row.NextAttemptAt:O}");
            }

            await Fixture.Emulator.ClearFaultsAsync();
            // The 503s opened the client's circuit (break of 1 s in this fixture); a create inside it would be refused
            // without a call and back off a minute too.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            // One success tells the worker the connector is back.
            var after = await tenant.CreateNotebookAsync("after outage");
            await tenant.WaitUntilSyncedAsync(after, SyncTimeout, WorkerLog);

            foreach (var notebook in waiting)
            {
                await tenant.WaitUntilSyncedAsync(notebook, TimeSpan.FromSeconds(20), WorkerLog);
            }

            Assert.Contains("The connector answers again", WorkerLog(), StringComparison.Ordinal);
        }
        finally
        {
            await Fixture.Emulator.ClearFaultsAsync();
            foreach (var worker in Fixture.Workers)
            {
                worker.Kill();
            }

            await Fixture.EnsureSingleWorkerAsync();
        }
    }

    private async Task WaitUntilNoSyncInFlightAsync()
    {
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var db = Fixture.NewDbContext();
            var now = DateTimeOffset.UtcNow;
            if (!await db.Notebooks.AnyAsync(n => n.SyncLeaseUntil > now))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"earlier tests' syncs still held notebook leases after {SyncTimeout}; the outage cannot start clean\n{WorkerLog()}");
    }
}
