using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class NotebookRunTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task Execute_starts_a_one_off_run_whose_status_carries_output_once_terminated()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var notebook = await emulator.Http.NewNotebookAsync(_tenant, "daily");
        await emulator.Http.PutRunBehaviourAsync($$"""{"notebook_path":"{{notebook.Path}}","output":"42 rows","times":1}""");

        var submitted = await (await emulator.Http.ExecuteNotebookAsync(_tenant, notebook.Path)).ReadAsync<RunSubmitted>();
        var pending = await emulator.Http.NotebookRunAsync(submitted.RunId);
        _clock.Advance(600);
        var done = await emulator.Http.NotebookRunAsync(submitted.RunId);

        Assert.Null(submitted.NumberInJob);
        Assert.EndsWith($"#run/{submitted.RunId}", submitted.RunPageUrl, StringComparison.Ordinal);
        Assert.Equal(("PENDING", null), (pending.State, pending.Output));
        Assert.Equal(("SUCCESS", "42 rows", "ONE_TIME", null), (done.State, done.Output, done.Trigger, done.JobId));
        Assert.Null(done.Tasks);
    }

    [Fact]
    public async Task Notebook_runs_share_the_run_store_with_job_runs()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var notebook = await emulator.Http.NewNotebookAsync(_tenant, "daily");
        var submitted = await (await emulator.Http.ExecuteNotebookAsync(_tenant, notebook.Path)).ReadAsync<RunSubmitted>();

        var asJobRun = await emulator.Http.RunAsync(submitted.RunId);

        Assert.Equal("daily", Assert.Single(asJobRun.Tasks!).TaskKey);
        (await emulator.Http.CancelRunAsync(submitted.RunId)).EnsureSuccessStatusCode();
        Assert.Equal("CANCELED", (await emulator.Http.NotebookRunAsync(submitted.RunId)).ResultState);
    }

    [Fact]
    public async Task A_failing_notebook_run_reports_FAILED_with_the_message()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var notebook = await emulator.Http.NewNotebookAsync(_tenant, "daily");
        await emulator.Http.PutRunBehaviourAsync($$"""{"notebook_path":"{{notebook.Path}}","outcome":"fail","message":"NameError: x"}""");

        var submitted = await (await emulator.Http.ExecuteNotebookAsync(_tenant, notebook.Path)).ReadAsync<RunSubmitted>();
        _clock.Advance(600);
        var status = await emulator.Http.NotebookRunAsync(submitted.RunId);

        Assert.Equal(("FAILED", "NameError: x"), (status.State, status.StateMessage));
    }

    [Fact]
    public async Task Another_tenants_notebook_cannot_be_executed()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var notebook = await emulator.Http.NewNotebookAsync(_tenant, "daily");

        var response = await emulator.Http.ExecuteNotebookAsync(ConnectorCalls.NewTenant(), notebook.Path);

        await response.ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
    }
}
