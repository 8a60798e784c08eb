using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class JobTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();

    [Fact]
    public async Task Every_create_answers_a_new_job_id_even_for_the_same_name_as_Databricks()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var first = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        var second = await emulator.Http.NewJobAsync(_tenant, "daily-etl");

        Assert.NotEqual(first.JobId, second.JobId);
        Assert.EndsWith($"#job/{first.JobId}", first.JobUrl, StringComparison.Ordinal);
        Assert.True(first.CreatedTime > 0);
    }

    [Fact]
    public async Task Get_answers_the_settings_with_the_defaults_Databricks_echoes()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var schedule = new JobSchedule("0 0 2 * * ?", "America/Los_Angeles");
        var tasks = new JobTask[]
        {
            new("a", []), new("b", []),
            new("c", [new TaskDependency("b"), new TaskDependency("a")], new NotebookTask("/Shared/x")),
        };
        var created = await (await emulator.Http.CreateJobAsync(_tenant, "daily-etl", tasks, schedule)).ReadAsync<JobCreated>();

        var job = await (await emulator.Http.GetJobAsync(created.JobId)).ReadAsync<JobDetails>();

        Assert.Equal((created.JobId, "daily-etl", created.JobUrl, created.CreatedTime, _tenant), (job.JobId, job.Name, job.JobUrl, job.CreatedTime, job.TenantId));
        Assert.Equal(schedule with { PauseStatus = "UNPAUSED" }, job.Schedule);
        Assert.Equal(["a", "b"], job.Tasks[2].DependsOn.Select(dependency => dependency.TaskKey));
        Assert.Equal("/Shared/x", job.Tasks[2].NotebookTask!.NotebookPath);
    }

    [Fact]
    public async Task A_missing_job_answers_404_RESOURCE_DOES_NOT_EXIST_in_Databricks_words()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var error = await (await emulator.Http.GetJobAsync(12)).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);

        Assert.Equal("Job 12 does not exist.", error.Message);
        await (await emulator.Http.DeleteJobAsync(12)).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        await (await emulator.Http.RunJobAsync(_tenant, 12)).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        await (await emulator.Http.JobRunsAsync(12)).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        await (await emulator.Http.UpdateJobAsync(12, new UpdateJobRequest(_tenant, "x", [])))
            .ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
    }

    [Fact]
    public async Task Delete_answers_deleted_and_the_job_is_gone()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");

        var deleted = await (await emulator.Http.DeleteJobAsync(job.JobId)).ReadAsync<Acknowledged>();

        Assert.Equal("deleted", deleted.Status);
        await (await emulator.Http.GetJobAsync(job.JobId)).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
    }

    [Fact]
    public async Task Find_by_name_answers_the_tenants_jobs_with_exactly_that_name_extension()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var first = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        var second = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        await emulator.Http.NewJobAsync(_tenant, "daily-etl-2");
        await emulator.Http.NewJobAsync(ConnectorCalls.NewTenant(), "daily-etl");

        var found = await (await emulator.Http.FindJobsAsync(_tenant, "daily-etl")).ReadAsync<JobList>();

        Assert.Equal([first.JobId, second.JobId], found.Jobs.Select(job => job.JobId));
        var none = await (await emulator.Http.FindJobsAsync(_tenant, "Daily-ETL")).ReadAsync<JobList>();
        Assert.Empty(none.Jobs);
    }

    [Fact]
    public async Task Update_replaces_the_settings_in_place_and_keeps_the_job_id_extension()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl", new JobSchedule("0 0 2 * * ?", "UTC"));
        var newTasks = new JobTask[] { new("only", [], SparkPythonTask: new SparkPythonTask("dbfs:/x.py", ["--all"])) };

        var updated = await (await emulator.Http.UpdateJobAsync(job.JobId, new UpdateJobRequest(_tenant, "daily-etl", newTasks)))
            .ReadAsync<JobDetails>();

        Assert.Equal((job.JobId, "daily-etl", null), (updated.JobId, updated.Name, updated.Schedule));
        Assert.Equal("only", Assert.Single(updated.Tasks).TaskKey);
        Assert.Equal(updated, await (await emulator.Http.GetJobAsync(job.JobId)).ReadAsync<JobDetails>() with { Tasks = updated.Tasks });
        var entry = Assert.Single(await emulator.Http.ObjectsAsync(_tenant, "daily-etl"));
        Assert.Equal((1, 1, 1), (entry.CreatedCount, entry.ModifiedCount, entry.LiveCount));
    }

    public static TheoryData<string> InvalidTaskLists => new()
    {
        """[{"task_key":"","depends_on":[]}]""",
        """[{"task_key":"a","depends_on":[]},{"task_key":"a","depends_on":[]}]""",
        """[{"task_key":"a","depends_on":[{"task_key":"missing"}]}]""",
        """[{"task_key":"a","depends_on":[{"task_key":"a"}]}]""",
    };

    [Theory]
    [MemberData(nameof(InvalidTaskLists))]
    public async Task Task_lists_Databricks_refuses_answer_400_INVALID_PARAMETER_VALUE(string tasks)
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.PostRawJsonAsync(
            ConnectorRoutes.Jobs, $$"""{"tenant_id":"{{_tenant}}","name":"daily","tasks":{{tasks}},"schedule":null}""");

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
        Assert.Empty(await emulator.Http.ObjectsAsync(_tenant));
    }

    [Fact]
    public async Task A_task_without_a_task_body_is_accepted_as_the_original_client_sends_one()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.CreateJobAsync(_tenant, "daily", [new JobTask("unknown_type", [])]);

        await response.ReadAsync<JobCreated>();
    }

    [Theory]
    [InlineData("""{"quartz_cron_expression":"","timezone_id":"UTC"}""")]
    [InlineData("""{"quartz_cron_expression":"0 0 2 * * ?","timezone_id":"UTC","pause_status":"SOMETIMES"}""")]
    public async Task A_schedule_Databricks_refuses_answers_400(string schedule)
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.PostRawJsonAsync(
            ConnectorRoutes.Jobs, $$"""{"tenant_id":"{{_tenant}}","name":"daily","tasks":[],"schedule":{{schedule}}}""");

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Fact]
    public async Task Another_tenants_job_cannot_be_run_updated_or_found()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        var other = ConnectorCalls.NewTenant();

        var error = await (await emulator.Http.RunJobAsync(other, job.JobId)).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);

        Assert.Equal($"Job {job.JobId} does not exist.", error.Message);
        await (await emulator.Http.UpdateJobAsync(job.JobId, new UpdateJobRequest(other, "mine", [])))
            .ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        Assert.Empty((await (await emulator.Http.FindJobsAsync(other, "daily-etl")).ReadAsync<JobList>()).Jobs);
    }
}
