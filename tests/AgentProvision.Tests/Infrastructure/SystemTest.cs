using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Infrastructure;

/// <summary>
/// Base of the tests that run against the whole system. Each test starts from a healthy system (no faults,
/// connector and broker reachable, one worker) and works in tenants of its own, so tests never see each other's rows.
/// </summary>
[Collection(SystemCollection.Name)]
public abstract class SystemTest(SystemFixture system) : IAsyncLifetime
{
    protected static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(30);

    protected SystemFixture Fixture => system;

    public virtual async Task InitializeAsync()
    {
        system.ConnectorProxy.Enable();
        system.BrokerProxy.Enable();
        await system.Emulator.ClearFaultsAsync();
        await system.EnsureSingleWorkerAsync();
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected Task<TenantClient> NewTenantAsync() => TenantClient.RegisterAsync(system.Api);

    protected async Task<Notebook?> NotebookRowAsync(Guid id)
    {
        await using var db = system.NewDbContext();
        return await db.Notebooks.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id);
    }

    protected async Task<Notebook> WaitForRowAsync(Guid id, Func<Notebook, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Notebook? row;
        do
        {
            row = await NotebookRowAsync(id);
            if (row is not null && until(row))
            {
                return row;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Notebook row {id} did not reach the expected state within {timeout}: status {row?.SyncStatus}, " +
            $"generation {row?.Generation}, synced {row?.SyncedGeneration}, error {row?.LastErrorMessage}\n{system.WorkerOutput()}");
        return row!;
    }

    protected string WorkerLog() => system.WorkerOutput();
}
