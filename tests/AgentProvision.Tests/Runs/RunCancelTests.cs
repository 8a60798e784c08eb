using System.Globalization;
using System.Net;
using System.Text.Json;

namespace AgentProvision.Tests.Runs;

public sealed class RunCancelTests(SystemFixture system) : RunTest(system)
{
    [Fact]
    public async Task Run_cancelled_before_it_was_submitted_never_starts_in_Databricks()
    {
        var tenant = await NewTenantAsync();
        // With the connector away the notebook cannot reach Databricks, so the run cannot be submitted either.
        Fixture.ConnectorProxy.Disable();
        var notebook = await tenant.CreateNotebookAsync();
        var run = await tenant.ExecuteNotebookAsync(notebook.Id);
        await WaitForRunRowAsync(run.Id, r => r.LastErrorCode == "RUN_TARGET_PENDING", SyncTimeout);

        var (status, body) = await tenant.CancelRunAsync(RunClient.Notebooks, notebook.Id, run.Id.ToString());
        Assert.True(status == HttpStatusCode.Accepted, body);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("cancel_requested").GetBoolean());
        var cancelled = await tenant.WaitUntilRunFinishedAsync(RunClient.Notebooks, notebook.Id, run.Id, SyncTimeout, WorkerLog);
        Fixture.ConnectorProxy.Enable();

        Assert.Equal("CANCELED", cancelled.State);
        Assert.Equal("TERMINATED", cancelled.LifeCycleState);
        Assert.Equal("Cancelled before it was submitted", cancelled.StateMessage);
        Assert.Null(cancelled.RunId);
        // The notebook gets to Databricks once the connector is back; the run stays cancelled and never starts there.
        await tenant.WaitUntilSyncedAsync(notebook, SyncTimeout, WorkerLog);
        var after = await tenant.GetRunAsync(RunClient.Notebooks, notebook.Id, run.Id.ToString());
        Assert.Equal("CANCELED", after.State);
        Assert.Equal("synced", after.Sync.Status);
        Assert.Equal(0, await Runs.AllRunsStartedAsync(tenant.TenantId));
    }

    [Fact]
    public async Task Run_cancelled_while_running_ends_CANCELED_in_Databricks()
    {
        var tenant = await NewTenantAsync();
        var notebook = await SyncedNotebookAsync(tenant);
        await Runs.SetBehaviourAsync(new RunBehaviourDto(NotebookPath: PathOf(tenant, notebook), Outcome: "hang"));
        var run = await tenant.ExecuteNotebookAsync(notebook.Id);
        var running = await tenant.WaitForRunAsync(RunClient.Notebooks, notebook.Id, run.Id, r => r.LifeCycleState == "RUNNING", SyncTimeout, WorkerLog);
        var cancelsBefore = await Fixture.Emulator.CallsAsync("runs.cancel");

        var (status, body) = await tenant.CancelRunAsync(RunClient.Notebooks, notebook.Id, running.RunId!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.True(status == HttpStatusCode.Accepted, body);
        var cancelled = await tenant.WaitUntilRunFinishedAsync(RunClient.Notebooks, notebook.Id, run.Id, SyncTimeout, WorkerLog);

        Assert.Equal("CANCELED", cancelled.State);
        Assert.Equal("TERMINATED", cancelled.LifeCycleState);
        Assert.Equal(running.RunId, cancelled.RunId);
        Assert.Equal(2, cancelled.Sync.SyncedGeneration);
        Assert.True(await Fixture.Emulator.CallsAsync("runs.cancel") > cancelsBefore);
        Assert.Equal(1, await Runs.RunsStartedAsync(tenant.TenantId, PathOf(tenant, notebook)));
    }

    [Fact]
    public async Task Cancel_of_a_finished_run_is_a_conflict_and_its_final_state_stays()
    {
        var tenant = await NewTenantAsync();
        var notebook = await SyncedNotebookAsync(tenant);
        var run = await tenant.ExecuteNotebookAsync(notebook.Id);
        var done = await tenant.WaitUntilRunFinishedAsync(RunClient.Notebooks, notebook.Id, run.Id, SyncTimeout, WorkerLog);

        var (status, body) = await tenant.CancelRunAsync(RunClient.Notebooks, notebook.Id, run.Id.ToString());

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("Run already finished", JsonSerializer.Deserialize<ProblemDto>(body, Wire.Json)!.Title);
        var after = await tenant.GetRunAsync(RunClient.Notebooks, notebook.Id, run.Id.ToString());
        Assert.Equal("SUCCESS", after.State);
        Assert.False(after.CancelRequested);
        Assert.Equal(done.EndTime, after.EndTime);
        Assert.Null((await RunRowAsync(run.Id)).NextPollAt);
    }
}
