using System.Net;
using AgentProvision.Persistence.Entities;

namespace AgentProvision.Tests.Runs;

/// <summary>Exactly one Databricks run per request, whatever happens to the submit.</summary>
public sealed class RunSubmitFaultTests(SystemFixture system) : RunTest(system)
{
    [Fact]
    public async Task One_remote_run_per_request_when_the_connector_fails_after_starting_it()
    {
        await ShowTheWorkerThatTokensAreHonouredAsync();
        var tenant = await NewTenantAsync();
        var notebook = await SyncedNotebookAsync(tenant);
        var submitsBefore = await Fixture.Emulator.CallsAsync("notebooks.execute");
        // The connector starts the run, then answers 503: the worker never learns the run id from that answer.
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.execute", "after_state_change", Status: 503, Times: 1));

        var run = await tenant.ExecuteNotebookAsync(notebook.Id);
        var done = await tenant.WaitUntilRunFinishedAsync(RunClient.Notebooks, notebook.Id, run.Id, SyncTimeout, WorkerLog);

        Assert.Equal("SUCCESS", done.State);
        Assert.Equal(1, await Runs.RunsStartedAsync(tenant.TenantId, PathOf(tenant, notebook)));
        // The submit whose answer was lost, and the one with the same token that answered the run it had started.
        Assert.Equal(2, await Fixture.Emulator.CallsAsync("notebooks.execute") - submitsBefore);
        Assert.Equal(2, done.Sync.Databricks.GetProperty("submit_attempts").GetInt32());
    }

    [Fact]
    public async Task Without_idempotency_tokens_a_submit_whose_answer_was_lost_is_not_sent_again()
    {
        await WaitUntilRunsSettleAsync();
        await Fixture.Emulator.SetExtensionsAsync(false);
        var tenant = await NewTenantAsync();
        var notebook = await SyncedNotebookAsync(tenant);
        // A first run shows the worker that this connector does not echo the token.
        var first = await tenant.ExecuteNotebookAsync(notebook.Id);
        var firstDone = await tenant.WaitUntilRunFinishedAsync(RunClient.Notebooks, notebook.Id, first.Id, SyncTimeout, WorkerLog);
        Assert.False(firstDone.Sync.Databricks.GetProperty("idempotency_token_honoured").GetBoolean());
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.execute", "after_state_change", Status: 503, Times: 1));

        var run = await tenant.ExecuteNotebookAsync(notebook.Id);
        var failed = await tenant.WaitForRunAsync(RunClient.Notebooks, notebook.Id, run.Id, r => r.Sync.Status == "failed", SyncTimeout, WorkerLog);

        Assert.Equal("RUN_OUTCOME_UNKNOWN", failed.Sync.LastError?.Code);
        Assert.Contains("workspace", failed.Sync.LastError?.Message, StringComparison.Ordinal);
        Assert.Null(failed.RunId);
        // The one the lost answer started, beside the first run: never a third.
        Assert.Equal(2, await Runs.RunsStartedAsync(tenant.TenantId, PathOf(tenant, notebook)));
        Assert.Contains("run-idempotency-token", WorkerLog(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("the submit is in flight")]
    [InlineData("an earlier submit started the run and lost its answer")]
    public async Task Worker_killed_while_submitting_a_run_starts_it_once_after_restart(string when)
    {
        await ShowTheWorkerThatTokensAreHonouredAsync();
        var tenant = await NewTenantAsync();
        var notebook = await SyncedNotebookAsync(tenant);
        var submitsBefore = await Fixture.Emulator.CallsAsync("notebooks.execute");
        var inFlight = 1;
        if (when == "the submit is in flight")
        {
            await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.execute", "latency", LatencyMs: 30_000));
        }
        else
        {
            inFlight = 2;
            await Fixture.Emulator.SetFaultsAsync(
                new FaultRuleDto("notebooks.execute", "after_state_change", Status: 503, Times: 1),
                new FaultRuleDto("notebooks.execute", "hang"));
        }

        var run = await tenant.ExecuteNotebookAsync(notebook.Id);
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (await Fixture.Emulator.CallsAsync("notebooks.execute") - submitsBefore < inFlight)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the submit never reached the connector\n{WorkerLog()}");
            await Task.Delay(10);
        }

        foreach (var worker in Fixture.Workers)
        {
            worker.Kill();
        }

        Assert.Null((await RunRowAsync(run.Id)).RemoteRunId);
        await Fixture.Emulator.ClearFaultsAsync();
        await Fixture.StartWorkerAsync();

        var done = await tenant.WaitUntilRunFinishedAsync(RunClient.Notebooks, notebook.Id, run.Id, SyncTimeout, WorkerLog);
        Assert.Equal("SUCCESS", done.State);
        Assert.Equal(1, await Runs.RunsStartedAsync(tenant.TenantId, PathOf(tenant, notebook)));
    }

    [Fact]
    public async Task Run_cancelled_after_a_submit_whose_answer_was_lost_is_cancelled_in_Databricks()
    {
        await ShowTheWorkerThatTokensAreHonouredAsync();
        var tenant = await NewTenantAsync();
        var notebook = await SyncedNotebookAsync(tenant);
        var path = PathOf(tenant, notebook);
        await Runs.SetBehaviourAsync(new RunBehaviourDto(NotebookPath: path, Outcome: "hang"));
        // The first submit starts the run and loses its answer; the next ones fail, so the run id stays unknown here.
        await Fixture.Emulator.SetFaultsAsync(
            new FaultRuleDto("notebooks.execute", "after_state_change", Status: 503, Times: 1),
            new FaultRuleDto("notebooks.execute", "error", Status: 503));
        var run = await tenant.ExecuteNotebookAsync(notebook.Id);
        await WaitForRunRowAsync(run.Id, r => Attempts(r) >= 2, SyncTimeout);

        var (status, body) = await tenant.CancelRunAsync(RunClient.Notebooks, notebook.Id, run.Id.ToString());
        Assert.True(status == HttpStatusCode.Accepted, body);
        await Fixture.Emulator.ClearFaultsAsync();
        var cancelled = await tenant.WaitUntilRunFinishedAsync(RunClient.Notebooks, notebook.Id, run.Id, SyncTimeout, WorkerLog);

        // Not "cancelled before it was submitted": the token found the run the lost answer had started, and it was cancelled.
        Assert.Equal("CANCELED", cancelled.State);
        Assert.NotNull(cancelled.RunId);
        Assert.NotEqual("Cancelled before it was submitted", cancelled.StateMessage);
        Assert.Equal(1, await Runs.RunsStartedAsync(tenant.TenantId, path));
    }

    private static int Attempts(Run row) =>
        System.Text.Json.JsonDocument.Parse(row.Metadata).RootElement.TryGetProperty("submit_attempts", out var attempts) ? attempts.GetInt32() : 0;
}
