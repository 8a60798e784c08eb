using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Faults;

public sealed class BrokerOutageTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Api_accepts_writes_while_RabbitMQ_is_unreachable_and_they_sync_when_it_is_back()
    {
        var tenant = await NewTenantAsync();
        var worker = Fixture.Workers.Single(w => !w.HasExited);
        using var health = new HttpClient { BaseAddress = worker.Url };
        Fixture.BrokerProxy.Disable();

        // The worker knows the broker is away (it says so on /health/ready) before anything is written.
        var deadline = DateTime.UtcNow + SyncTimeout;
        while ((await health.GetAsync("/health/ready")).StatusCode != System.Net.HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the worker still reports ready with RabbitMQ unreachable\n{WorkerLog()}");
            await Task.Delay(100);
        }

        var created = await tenant.CreateNotebookAsync("written during the outage");
        Assert.Equal("pending", created.Sync.Status);

        // The row waits in the outbox: no publish attempts are spent on a broker known to be away, so however long the
        // outage lasts, nothing is parked.
        await using (var db = Fixture.NewDbContext())
        {
            var row = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.ResourceId == created.Id);
            Assert.Null(row.DispatchedAt);
            Assert.Null(row.ParkedAt);
        }

        Fixture.BrokerProxy.Enable();
        await tenant.WaitUntilSyncedAsync(created, TimeSpan.FromSeconds(60), WorkerLog);
    }
}
