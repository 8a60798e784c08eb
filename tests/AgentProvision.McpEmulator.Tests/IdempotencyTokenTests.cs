using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

/// <summary>The idempotency_token extension on run_job and execute_notebook, with Databricks' run-now semantics.</summary>
public sealed class IdempotencyTokenTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();

    [Fact]
    public async Task The_same_token_answers_the_same_run_and_echoes_the_token()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");

        var first = await (await emulator.Http.RunJobAsync(_tenant, job.JobId, "sync-41")).ReadAsync<RunSubmitted>();
        var again = await (await emulator.Http.RunJobAsync(_tenant, job.JobId, "sync-41")).ReadAsync<RunSubmitted>();

        Assert.Equal(first, again);
        Assert.Equal("sync-41", first.IdempotencyToken);
        Assert.Equal(1, Assert.Single(await emulator.Http.ObjectsAsync(_tenant), entry => entry.Kind == "run").CreatedCount);
    }

    [Fact]
    public async Task Another_token_starts_another_run()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");

        var first = await (await emulator.Http.RunJobAsync(_tenant, job.JobId, "sync-41")).ReadAsync<RunSubmitted>();
        var second = await (await emulator.Http.RunJobAsync(_tenant, job.JobId, "sync-42")).ReadAsync<RunSubmitted>();

        Assert.NotEqual(first.RunId, second.RunId);
    }

    [Fact]
    public async Task Tokens_are_kept_per_tenant()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var other = ConnectorCalls.NewTenant();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        var otherJob = await emulator.Http.NewJobAsync(other, "daily-etl");

        var first = await (await emulator.Http.RunJobAsync(_tenant, job.JobId, "sync-1")).ReadAsync<RunSubmitted>();
        var second = await (await emulator.Http.RunJobAsync(other, otherJob.JobId, "sync-1")).ReadAsync<RunSubmitted>();

        Assert.NotEqual(first.RunId, second.RunId);
    }

    [Fact]
    public async Task A_notebook_execution_with_a_repeated_token_answers_the_first_run()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var notebook = await emulator.Http.NewNotebookAsync(_tenant, "daily");

        var first = await (await emulator.Http.ExecuteNotebookAsync(_tenant, notebook.Path, "exec-1")).ReadAsync<RunSubmitted>();
        var again = await (await emulator.Http.ExecuteNotebookAsync(_tenant, notebook.Path, "exec-1")).ReadAsync<RunSubmitted>();

        Assert.Equal((first.RunId, "exec-1"), (again.RunId, again.IdempotencyToken));
    }

    [Fact]
    public async Task A_run_submitted_again_after_a_lost_answer_is_still_one_run()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        await emulator.Http.PutFaultAsync("""{"operation":"jobs.run","mode":"after_state_change","times":1}""");

        await (await emulator.Http.RunJobAsync(_tenant, job.JobId, "sync-7")).ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);
        var retried = await (await emulator.Http.RunJobAsync(_tenant, job.JobId, "sync-7")).ReadAsync<RunSubmitted>();

        var listed = await (await emulator.Http.JobRunsAsync(job.JobId)).ReadAsync<RunList>();
        Assert.Equal(retried.RunId, Assert.Single(listed.Runs).RunId);
    }

    [Fact]
    public async Task Without_a_token_every_call_starts_a_run_and_nothing_is_echoed()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");

        var response = await emulator.Http.RunJobAsync(_tenant, job.JobId);

        Assert.DoesNotContain("idempotency_token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await emulator.Http.NewRunAsync(_tenant, job.JobId);
        Assert.Equal(2, (await (await emulator.Http.JobRunsAsync(job.JobId)).ReadAsync<RunList>()).Runs.Count);
    }

    [Fact]
    public async Task A_token_over_64_characters_answers_400()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");

        var response = await emulator.Http.RunJobAsync(_tenant, job.JobId, new string('t', 65));

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }
}
