using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Faults;

public sealed class BrokerOutageTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Api_accepts_writes_while_RabbitMQ_is_unreachable_and_they_sync_when_it_is_back()
    {
        var tenant = await NewTenantAsync();
        Fixture.BrokerProxy.Disable();

        var created = await tenant.CreateNotebookAsync("written during the outage");
        Assert.Equal("pending", created.Sync.Status);

        // The dispatcher tried to publish, got no confirm, and kept the row for later.
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (true)
        {
            await using var db = Fixture.NewDbContext();
            var row = await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.ResourceId == created.Id);
            Assert.Null(row.DispatchedAt);
            if (row.Attempts >= 1)
            {
                Assert.False(string.IsNullOrEmpty(row.LastError));
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"the dispatcher never tried to publish\n{WorkerLog()}");
            await Task.Delay(100);
        }

        Fixture.BrokerProxy.Enable();
        await tenant.WaitUntilSyncedAsync(created, TimeSpan.FromSeconds(60), WorkerLog);
    }
}
