using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Runs;

public sealed class PipelineRunTests(SystemFixture system) : RunTest(system)
{
    private const string ThreeTasks = """
        {"tasks": [
          {"name": "extract", "type": "notebook", "config": {"notebook_path": "/Shared/etl/extract"}},
          {"name": "transform", "type": "sql", "depends_on": ["extract"], "config": {"query": "SELECT 1", "warehouse_id": "wh-1"}},
          {"name": "load", "type": "python", "depends_on": ["transform"], "config": {"python_file": "/Workspace/etl/load.py"}}
        ]}
        """;

    private const string Scheduled = """
        {"tasks": [{"name": "only", "type": "notebook", "config": {"notebook_path": "/Shared/etl/only"}}],
         "schedule": {"quartz_cron_expression": "0 0 2 * * ?", "timezone_id": "Europe/Zurich"}}
        """;

    [Fact]
    public async Task Pipeline_run_goes_to_SUCCESS_with_its_tasks_and_execute_is_the_same_route()
    {
        var tenant = await NewTenantAsync();
        var (pipelineId, _) = await SyncedPipelineAsync(tenant, ThreeTasks);

        var run = await tenant.StartRunAsync(RunClient.Pipelines, pipelineId, new { day = "2026-01-01" }, action: "run");
        Assert.Equal(pipelineId, run.PipelineId);
        Assert.Null(run.NotebookId);
        var done = await tenant.WaitUntilRunFinishedAsync(RunClient.Pipelines, pipelineId, run.Id, SyncTimeout, WorkerLog);

        Assert.Equal("SUCCESS", done.State);
        Assert.Equal(1, done.NumberInJob);
        var tasks = done.Tasks.EnumerateArray().ToList();
        Assert.Equal(["extract", "transform", "load"], tasks.Select(t => t.GetProperty("task_key").GetString()));
        Assert.All(tasks, t => Assert.Equal("SUCCESS", t.GetProperty("result_state").GetString()));
        Assert.All(tasks, t => Assert.True(t.GetProperty("run_id").GetInt64() > 0));

        var second = await tenant.StartRunAsync(RunClient.Pipelines, pipelineId, action: "execute");
        var secondDone = await tenant.WaitUntilRunFinishedAsync(RunClient.Pipelines, pipelineId, second.Id, SyncTimeout, WorkerLog);
        Assert.Equal(2, secondDone.NumberInJob);
        Assert.Equal(2, await Runs.RunsStartedAsync(tenant.TenantId, DataPipeline.DatabricksNameFor(pipelineId)));
        Assert.Equal([second.Id, run.Id], (await tenant.ListRunsAsync(RunClient.Pipelines, pipelineId)).Select(r => r.Id));
    }

    [Fact]
    public async Task Pipeline_run_asked_for_right_after_the_pipeline_was_saved_waits_for_its_job_then_starts()
    {
        var tenant = await NewTenantAsync();
        var pipelineId = await CreatePipelineAsync(tenant, ThreeTasks);

        var run = await tenant.StartRunAsync(RunClient.Pipelines, pipelineId, action: "run");
        var done = await tenant.WaitUntilRunFinishedAsync(RunClient.Pipelines, pipelineId, run.Id, SyncTimeout, WorkerLog);

        Assert.Equal("SUCCESS", done.State);
        var jobName = DataPipeline.DatabricksNameFor(pipelineId);
        var job = Assert.Single(await Fixture.Emulator.ObjectsAsync(tenant.TenantId, jobName), o => o.Kind == "job");
        Assert.Equal(1, job.CreatedCount);
        Assert.Equal(1, await Runs.RunsStartedAsync(tenant.TenantId, jobName));
    }

    [Fact]
    public async Task One_remote_run_per_pipeline_request_when_the_connector_fails_after_starting_it()
    {
        await ShowTheWorkerThatTokensAreHonouredAsync();
        var tenant = await NewTenantAsync();
        var (pipelineId, _) = await SyncedPipelineAsync(tenant, ThreeTasks);
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("jobs.run", "after_state_change", Status: 503, Times: 1));

        var run = await tenant.StartRunAsync(RunClient.Pipelines, pipelineId, action: "run");
        var done = await tenant.WaitUntilRunFinishedAsync(RunClient.Pipelines, pipelineId, run.Id, SyncTimeout, WorkerLog);

        Assert.Equal("SUCCESS", done.State);
        Assert.Equal(1, done.NumberInJob);
        Assert.Equal(1, await Runs.RunsStartedAsync(tenant.TenantId, DataPipeline.DatabricksNameFor(pipelineId)));
    }

    [Fact]
    public async Task Pipeline_run_cancelled_while_running_ends_CANCELED_with_its_tasks()
    {
        var tenant = await NewTenantAsync();
        var (pipelineId, jobId) = await SyncedPipelineAsync(tenant, ThreeTasks);
        await Runs.SetBehaviourAsync(new RunBehaviourDto(JobId: jobId, Outcome: "hang"));
        var run = await tenant.StartRunAsync(RunClient.Pipelines, pipelineId, action: "run");
        await tenant.WaitForRunAsync(RunClient.Pipelines, pipelineId, run.Id, r => r.LifeCycleState == "RUNNING", SyncTimeout, WorkerLog);

        var (status, body) = await tenant.CancelRunAsync(RunClient.Pipelines, pipelineId, run.Id.ToString());
        Assert.True(status == HttpStatusCode.Accepted, body);
        var cancelled = await tenant.WaitUntilRunFinishedAsync(RunClient.Pipelines, pipelineId, run.Id, SyncTimeout, WorkerLog);

        Assert.Equal("CANCELED", cancelled.State);
        Assert.All(cancelled.Tasks.EnumerateArray(), t => Assert.Equal("CANCELED", t.GetProperty("result_state").GetString()));
    }

    [Fact]
    public async Task Runs_the_schedule_starts_in_Databricks_appear_once_each_in_the_pipelines_runs_list()
    {
        var tenant = await NewTenantAsync();
        var (pipelineId, jobId) = await SyncedPipelineAsync(tenant, Scheduled);
        var ours = await tenant.StartRunAsync(RunClient.Pipelines, pipelineId, action: "run");
        var fired = new[] { await Runs.FireScheduledRunAsync(jobId), await Runs.FireScheduledRunAsync(jobId) };

        // Discovery records each with what the run list says; the poller then fills in its tasks and follows it to its end.
        var listed = await WaitForListAsync(tenant, pipelineId, runs => runs.Count == 3 && runs.All(r => r.IsFinished && r.Tasks.GetArrayLength() > 0));

        var scheduled = listed.Where(r => r.Origin == "schedule").ToList();
        Assert.Equal(fired.Order(), scheduled.Select(r => r.RunId!.Value).Order());
        Assert.All(scheduled, r =>
        {
            Assert.Equal("SUCCESS", r.State);
            Assert.Equal(pipelineId, r.PipelineId);
            Assert.Equal("synced", r.Sync.Status);
            Assert.Single(r.Tasks.EnumerateArray());
        });
        Assert.Equal(ours.Id, Assert.Single(listed, r => r.Origin == "api").Id);
        var byDatabricksId = await tenant.GetRunAsync(RunClient.Pipelines, pipelineId, fired[0].ToString(CultureInfo.InvariantCulture));
        Assert.Equal("schedule", byDatabricksId.Origin);

        // Later sweeps list the same runs again (each sweep lists every scheduled pipeline's job once) and record nothing twice.
        var callsPerSweep = await ScheduledPipelinesAsync();
        var sweepsBefore = await Fixture.Emulator.CallsAsync("jobs.runs");
        var deadline = DateTime.UtcNow + SyncTimeout;
        while (await Fixture.Emulator.CallsAsync("jobs.runs") < sweepsBefore + 2 * callsPerSweep)
        {
            Assert.True(DateTime.UtcNow < deadline, $"discovery did not sweep again\n{WorkerLog()}");
            await Task.Delay(100);
        }

        Assert.Equal(3, (await tenant.ListRunsAsync(RunClient.Pipelines, pipelineId)).Count);
        Assert.Equal(3, await Runs.RunsStartedAsync(tenant.TenantId, DataPipeline.DatabricksNameFor(pipelineId)));
    }

    private async Task<int> ScheduledPipelinesAsync()
    {
        await using var db = Fixture.NewDbContext();
        return await db.Database.SqlQueryRaw<int>(
            "SELECT count(*)::int AS \"Value\" FROM data_pipelines WHERE deleted_at IS NULL AND jsonb_typeof(config -> 'schedule') = 'object' " +
            "AND metadata_ ? 'databricks_job_id'").SingleAsync();
    }

    private async Task<List<RunDto>> WaitForListAsync(TenantClient tenant, Guid pipelineId, Func<List<RunDto>, bool> until)
    {
        var deadline = DateTime.UtcNow + SyncTimeout;
        List<RunDto> last;
        do
        {
            last = await tenant.ListRunsAsync(RunClient.Pipelines, pipelineId);
            if (until(last))
            {
                return last;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"The runs list of pipeline {pipelineId} did not reach the expected state: {string.Join("; ", last)}\n{WorkerLog()}");
        return last;
    }

    private static async Task<Guid> CreatePipelineAsync(TenantClient tenant, string config)
    {
        using var response = await tenant.Http.PostAsync("/api/v1/data_pipelines",
            new StringContent($$"""{"name": "etl", "config": {{config}}}""", Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    /// <summary>A pipeline whose job is in Databricks: its id and the job's id.</summary>
    private async Task<(Guid Id, long JobId)> SyncedPipelineAsync(TenantClient tenant, string config)
    {
        var id = await CreatePipelineAsync(tenant, config);
        var deadline = DateTime.UtcNow + SyncTimeout;
        JsonElement sync;
        do
        {
            var (_, pipeline) = await tenant.SendAsync(HttpMethod.Get, $"/api/v1/data_pipelines/{id}");
            sync = pipeline.GetProperty("sync");
            if (sync.GetProperty("status").GetString() == "synced")
            {
                return (id, pipeline.GetProperty("metadata").GetProperty("databricks_job_id").GetInt64());
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Pipeline {id} did not sync: {sync}\n{WorkerLog()}");
        return default;
    }
}
