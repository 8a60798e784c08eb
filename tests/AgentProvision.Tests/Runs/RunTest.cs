using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Runs;

/// <summary>
/// Base of the run tests: a healthy system as every system test has, plus the emulator's default run behaviour (every
/// run succeeds after 100 ms pending and 500 ms running) and its extensions on.
/// </summary>
public abstract class RunTest(SystemFixture system) : SystemTest(system)
{
    protected RunEmulator Runs { get; } = new(system);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Runs.ClearBehaviourAsync();
        await Fixture.Emulator.SetExtensionsAsync(true);
    }

    public override async Task DisposeAsync()
    {
        await Runs.ClearBehaviourAsync();
        await Fixture.Emulator.SetExtensionsAsync(true);
        Runs.Dispose();
        await base.DisposeAsync();
    }

    protected async Task<NotebookDto> SyncedNotebookAsync(TenantClient tenant, string name = "analysis")
    {
        var notebook = await tenant.CreateNotebookAsync(name);
        return await tenant.WaitUntilSyncedAsync(notebook, SyncTimeout, WorkerLog);
    }

    protected static string PathOf(TenantClient tenant, NotebookDto notebook) => EmulatorAdmin.NotebookPath(tenant.TenantId, notebook.Id);

    /// <summary>
    /// One run to its end, so the worker has seen a submit answer echo its idempotency token (the evidence that lets it
    /// send a submit again after a lost answer), and the database records it for a worker started later.
    /// </summary>
    protected async Task ShowTheWorkerThatTokensAreHonouredAsync()
    {
        var tenant = await NewTenantAsync();
        var notebook = await SyncedNotebookAsync(tenant, "warm-up");
        var run = await tenant.ExecuteNotebookAsync(notebook.Id);
        var done = await tenant.WaitUntilRunFinishedAsync(RunClient.Notebooks, notebook.Id, run.Id, SyncTimeout, WorkerLog);
        Assert.True(done.Sync.Databricks.GetProperty("idempotency_token_honoured").GetBoolean(), done.ToString());
        await WaitUntilRunsSettleAsync();
    }

    /// <summary>
    /// Waits until no run of any test is still on its way to Databricks, so a one-shot fault a test sets next meets that
    /// test's own submit and not one another test left behind.
    /// </summary>
    protected async Task WaitUntilRunsSettleAsync()
    {
        var deadline = DateTime.UtcNow + SyncTimeout;
        int unsettled;
        do
        {
            await using (var db = Fixture.NewDbContext())
            {
                unsettled = await db.Runs.CountAsync(r => r.SyncStatus == SyncStatus.Pending || r.SyncStatus == SyncStatus.Syncing);
            }

            if (unsettled == 0)
            {
                return;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{unsettled} runs were still on their way to Databricks after {SyncTimeout}\n{WorkerLog()}");
    }

    protected async Task<Run> RunRowAsync(Guid id)
    {
        await using var db = Fixture.NewDbContext();
        return await db.Runs.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    protected async Task<Run> WaitForRunRowAsync(Guid id, Func<Run, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        Run row;
        do
        {
            row = await RunRowAsync(id);
            if (until(row))
            {
                return row;
            }

            await Task.Delay(20);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Run row {id} did not reach the expected state within {timeout}: {row.LifeCycleState}/{row.ResultState}, sync {row.SyncStatus} " +
            $"attempts {row.SyncAttempts}, error {row.LastErrorCode}: {row.LastErrorMessage}, metadata {row.Metadata}\n{WorkerLog()}");
        return row;
    }
}
