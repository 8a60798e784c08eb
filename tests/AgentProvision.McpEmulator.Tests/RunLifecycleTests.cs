using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

/// <summary>Runs move by the emulator's clock; a manual clock checks each state at an exact moment.</summary>
public sealed class RunLifecycleTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task A_run_goes_pending_running_then_terminated_with_success_after_the_configured_durations()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock, new Dictionary<string, string?>
        {
            ["Emulator:Runs:PendingMs"] = "1000",
            ["Emulator:Runs:RunningMs"] = "5000",
        });
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        var submittedAt = _clock.NowMs;
        var submitted = await emulator.Http.NewRunAsync(_tenant, job.JobId);

        var pending = await emulator.Http.RunAsync(submitted.RunId);
        _clock.Advance(1000);
        var running = await emulator.Http.RunAsync(submitted.RunId);
        _clock.Advance(4999);
        var stillRunning = await emulator.Http.RunAsync(submitted.RunId);
        _clock.Advance(1);
        var done = await emulator.Http.RunAsync(submitted.RunId);

        Assert.Equal(("PENDING", "PENDING", null), (pending.State, pending.LifeCycleState, pending.ResultState));
        Assert.Equal(("RUNNING", "RUNNING"), (running.State, running.LifeCycleState));
        Assert.Equal("RUNNING", stillRunning.LifeCycleState);
        Assert.Equal(("SUCCESS", "TERMINATED", "SUCCESS"), (done.State, done.LifeCycleState, done.ResultState));
        Assert.Equal((submittedAt, submittedAt + 6000, 5000L), (done.StartTime, done.EndTime, done.ExecutionDuration));
        Assert.Null(pending.EndTime);
    }

    [Fact]
    public async Task A_run_answers_its_job_number_trigger_page_url_and_one_task_per_job_task()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");

        var submitted = await emulator.Http.NewRunAsync(_tenant, job.JobId);
        var status = await emulator.Http.RunAsync(submitted.RunId);

        Assert.Equal(1, submitted.NumberInJob);
        Assert.EndsWith($"#job/{job.JobId}/run/{submitted.RunId}", submitted.RunPageUrl, StringComparison.Ordinal);
        Assert.Equal((job.JobId, 1L, "ONE_TIME", submitted.RunPageUrl), (status.JobId, status.NumberInJob, status.Trigger, status.RunPageUrl));
        Assert.Equal(["ingest", "report"], status.Tasks!.Select(task => task.TaskKey));
        Assert.All(status.Tasks!, task => Assert.NotEqual(submitted.RunId, task.RunId));
        Assert.Null(status.Output);
    }

    [Fact]
    public async Task Runs_are_numbered_per_job_and_listed_newest_first()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        var other = await emulator.Http.NewJobAsync(_tenant, "weekly");
        var runs = new List<RunSubmitted>();
        for (var i = 0; i < 3; i++)
        {
            runs.Add(await emulator.Http.NewRunAsync(_tenant, job.JobId));
        }

        var otherRun = await emulator.Http.NewRunAsync(_tenant, other.JobId);
        var listed = await (await emulator.Http.JobRunsAsync(job.JobId)).ReadAsync<RunList>();
        var firstTwo = await (await emulator.Http.JobRunsAsync(job.JobId, limit: 2)).ReadAsync<RunList>();

        Assert.Equal([1L, 2L, 3L], runs.Select(run => run.NumberInJob!.Value));
        Assert.Equal(1, otherRun.NumberInJob);
        Assert.Equal(runs.Select(run => run.RunId).Reverse(), listed.Runs.Select(run => run.RunId));
        Assert.Equal([3L, 2L], firstTwo.Runs.Select(run => run.NumberInJob!.Value));
        Assert.All(listed.Runs, run => Assert.Equal("PENDING", run.State));
    }

    [Fact]
    public async Task A_limit_over_25_answers_400()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");

        var response = await emulator.Http.JobRunsAsync(job.JobId, limit: 26);

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Fact]
    public async Task A_fail_behaviour_ends_the_next_run_FAILED_with_its_message_and_the_later_tasks_upstream_failed()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        await emulator.Http.PutRunBehaviourAsync($$"""{"job_id":{{job.JobId}},"outcome":"fail","message":"Table not found","times":1}""");

        var failing = await emulator.Http.NewRunAsync(_tenant, job.JobId);
        var next = await emulator.Http.NewRunAsync(_tenant, job.JobId);
        _clock.Advance(600);
        var failed = await emulator.Http.RunAsync(failing.RunId);
        var succeeded = await emulator.Http.RunAsync(next.RunId);

        Assert.Equal(("FAILED", "TERMINATED", "Table not found"), (failed.State, failed.LifeCycleState, failed.StateMessage));
        Assert.Equal(["FAILED", "UPSTREAM_FAILED"], failed.Tasks!.Select(task => task.ResultState));
        Assert.Equal("SUCCESS", succeeded.ResultState);
    }

    [Fact]
    public async Task A_behaviour_for_one_job_leaves_other_jobs_runs_alone()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        var other = await emulator.Http.NewJobAsync(_tenant, "weekly");
        await emulator.Http.PutRunBehaviourAsync($$"""{"job_id":{{job.JobId}},"outcome":"fail"}""");

        var otherRun = await emulator.Http.NewRunAsync(_tenant, other.JobId);
        _clock.Advance(600);

        Assert.Equal("SUCCESS", (await emulator.Http.RunAsync(otherRun.RunId)).ResultState);
    }

    [Fact]
    public async Task A_fail_behaviour_without_a_message_uses_Databricks_wording()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        await emulator.Http.PutRunBehaviourAsync("""{"outcome":"fail"}""");

        var run = await emulator.Http.NewRunAsync(_tenant, job.JobId);
        _clock.Advance(600);

        Assert.Equal("Workload failed, see run output for details", (await emulator.Http.RunAsync(run.RunId)).StateMessage);
    }

    [Fact]
    public async Task A_hanging_run_stays_running_until_cancelled_then_ends_TERMINATED_CANCELED()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        await emulator.Http.PutRunBehaviourAsync("""{"outcome":"hang","times":1}""");
        var run = await emulator.Http.NewRunAsync(_tenant, job.JobId);
        _clock.Advance(3_600_000);
        var hanging = await emulator.Http.RunAsync(run.RunId);

        var cancel = await (await emulator.Http.CancelRunAsync(run.RunId)).ReadAsync<Acknowledged>();
        var canceledAt = _clock.NowMs;
        _clock.Advance(10);
        var canceled = await emulator.Http.RunAsync(run.RunId);

        Assert.Equal("RUNNING", hanging.LifeCycleState);
        Assert.Equal("canceled", cancel.Status);
        Assert.Equal(("CANCELED", "TERMINATED", "CANCELED", canceledAt), (canceled.State, canceled.LifeCycleState, canceled.ResultState, canceled.EndTime));
        Assert.All(canceled.Tasks!, task => Assert.Equal("CANCELED", task.ResultState));
    }

    [Fact]
    public async Task Cancelling_a_pending_run_cancels_it_before_it_runs()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        var run = await emulator.Http.NewRunAsync(_tenant, job.JobId);

        (await emulator.Http.CancelRunAsync(run.RunId)).EnsureSuccessStatusCode();
        _clock.Advance(10_000);
        var status = await emulator.Http.RunAsync(run.RunId);

        Assert.Equal(("CANCELED", 0L), (status.ResultState, status.ExecutionDuration));
    }

    [Fact]
    public async Task Cancelling_a_finished_run_is_a_200_that_changes_nothing()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        var run = await emulator.Http.NewRunAsync(_tenant, job.JobId);
        _clock.Advance(600);
        var finished = await emulator.Http.RunAsync(run.RunId);

        (await emulator.Http.CancelRunAsync(run.RunId)).EnsureSuccessStatusCode();

        Assert.Equal(finished, await emulator.Http.RunAsync(run.RunId) with { Tasks = finished.Tasks });
        Assert.Equal("SUCCESS", (await emulator.Http.RunAsync(run.RunId)).ResultState);
    }

    [Fact]
    public async Task A_behaviour_can_give_one_run_its_own_durations()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        await emulator.Http.PutRunBehaviourAsync("""{"pending_ms":0,"running_ms":60000,"times":1}""");

        var slow = await emulator.Http.NewRunAsync(_tenant, job.JobId);
        var normal = await emulator.Http.NewRunAsync(_tenant, job.JobId);
        _clock.Advance(600);

        Assert.Equal("RUNNING", (await emulator.Http.RunAsync(slow.RunId)).LifeCycleState);
        Assert.Equal("TERMINATED", (await emulator.Http.RunAsync(normal.RunId)).LifeCycleState);
        _clock.Advance(59_400);
        Assert.Equal(60_000L, (await emulator.Http.RunAsync(slow.RunId)).ExecutionDuration);
    }

    [Fact]
    public async Task Without_a_test_clock_a_run_terminates_on_its_own_within_the_default_durations()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        var run = await emulator.Http.NewRunAsync(_tenant, job.JobId);

        var deadline = DateTime.UtcNow.AddSeconds(5);
        RunStatus status;
        while ((status = await emulator.Http.RunAsync(run.RunId)).LifeCycleState != "TERMINATED")
        {
            Assert.True(DateTime.UtcNow < deadline, $"still {status.LifeCycleState} after 5 s");
            await Task.Delay(50);
        }

        Assert.Equal("SUCCESS", status.ResultState);
    }

    [Fact]
    public async Task A_missing_run_answers_404_RESOURCE_DOES_NOT_EXIST_on_every_run_route()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);

        var error = await (await emulator.Http.GetAsync(ConnectorRoutes.Run(77))).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);

        Assert.Equal("Run 77 does not exist.", error.Message);
        await (await emulator.Http.GetAsync(ConnectorRoutes.NotebookRun(77))).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        await (await emulator.Http.CancelRunAsync(77)).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
    }

    [Fact]
    public async Task A_scheduled_run_is_started_as_if_the_schedule_fired_with_trigger_PERIODIC()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl", new JobSchedule("0 0 2 * * ?", "UTC"));
        await emulator.Http.NewRunAsync(_tenant, job.JobId);

        var scheduled = await (await emulator.Http.ScheduledRunAsync(job.JobId)).ReadAsync<RunSubmitted>();
        var status = await emulator.Http.RunAsync(scheduled.RunId);

        Assert.Equal((2L, "PERIODIC"), (status.NumberInJob!.Value, status.Trigger));
        Assert.Equal(scheduled.RunId, (await (await emulator.Http.JobRunsAsync(job.JobId)).ReadAsync<RunList>()).Runs[0].RunId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("PAUSED")]
    public async Task A_job_without_an_unpaused_schedule_cannot_have_a_scheduled_run(string? pauseStatus)
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        var schedule = pauseStatus is null ? null : new JobSchedule("0 0 2 * * ?", "UTC", pauseStatus);
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl", schedule);

        var response = await emulator.Http.ScheduledRunAsync(job.JobId);

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidState);
    }

    [Fact]
    public async Task An_invalid_behaviour_rule_answers_400_and_keeps_the_previous_rules()
    {
        await using var emulator = await RunningEmulator.StartAsync(_clock);
        await emulator.Http.PutRunBehaviourAsync("""{"outcome":"hang"}""");

        var response = await emulator.Http.PutAsync(
            "/_emulator/runs/behaviour",
            new StringContent("""{"rules":[{"job_id":1,"notebook_path":"/x"}]}""", System.Text.Encoding.UTF8, "application/json"));

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
        Assert.Equal(
            """{"rules":[{"outcome":"hang","times":null}]}""",
            await emulator.Http.GetStringAsync("/_emulator/runs/behaviour"));
    }
}
