using System.Net;
using System.Text.Json;
using AgentProvision.Persistence.Entities;

namespace AgentProvision.Tests.Pipelines;

/// <summary>
/// A pipeline is exactly one Databricks job, read back from the emulator through the contract: created once with the
/// converted tasks and schedule, updated in place (or replaced, never doubled, without the update extension), deleted,
/// and never created twice after a lost answer.
/// </summary>
public sealed class PipelineSyncTests(SystemFixture system) : SystemTest(system)
{
    public override async Task DisposeAsync()
    {
        await Fixture.Emulator.SetExtensionsAsync(true);
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Created_pipeline_becomes_one_job_with_the_converted_tasks_and_schedule_and_the_original_metadata_keys()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreatePipelineAsync();
        Assert.Equal("pending", created.Sync.Status);

        var synced = await tenant.WaitUntilPipelineSyncedAsync(created, SyncTimeout, WorkerLog);

        var metadata = synced.Metadata;
        Assert.True(metadata.GetProperty("databricks_enabled").GetBoolean());
        var jobId = metadata.GetProperty("databricks_job_id").GetInt64();
        Assert.Equal(3, metadata.GetProperty("tasks_count").GetInt32());
        Assert.EndsWith(jobId.ToString(System.Globalization.CultureInfo.InvariantCulture), metadata.GetProperty("databricks_job_url").GetString());
        Assert.True(metadata.GetProperty("databricks_created_at").GetInt64() > 0);
        Assert.Equal(synced.Metadata, synced.Sync.Databricks, JsonElementComparer.Instance);

        var job = (await Fixture.RemoteJobAsync(jobId))!.Value;
        Assert.Equal(DataPipeline.DatabricksNameFor(created.Id), job.GetProperty("name").GetString());
        Assert.Equal(tenant.TenantId.ToString(), job.GetProperty("tenant_id").GetString());
        var tasks = job.GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("task_key").GetString()!);
        Assert.Equal(["extract", "transform", "load"], tasks.Keys);
        Assert.Equal(0, tasks["extract"].GetProperty("depends_on").GetArrayLength());
        Assert.Equal("/Shared/etl/extract", tasks["extract"].GetProperty("notebook_task").GetProperty("notebook_path").GetString());
        var widgets = tasks["extract"].GetProperty("notebook_task").GetProperty("base_parameters");
        Assert.Equal(("today", "full"), (widgets.GetProperty("day").GetString(), widgets.GetProperty("Mode").GetString()));
        Assert.Equal(["extract"], DependsOn(tasks["transform"]));
        var sql = tasks["transform"].GetProperty("sql_task");
        Assert.Equal("SELECT region, sum(amount) FROM sales GROUP BY region", sql.GetProperty("query").GetProperty("query").GetString());
        Assert.Equal("wh-42", sql.GetProperty("warehouse_id").GetString());
        Assert.Equal(["extract", "transform"], DependsOn(tasks["load"]));
        var python = tasks["load"].GetProperty("spark_python_task");
        Assert.Equal("/Workspace/etl/load.py", python.GetProperty("python_file").GetString());
        Assert.Equal(["--full", "--day=today"], python.GetProperty("parameters").EnumerateArray().Select(p => p.GetString()));
        Assert.False(tasks["load"].TryGetProperty("notebook_task", out _));
        var schedule = job.GetProperty("schedule");
        Assert.Equal("0 0 2 * * ?", schedule.GetProperty("quartz_cron_expression").GetString());
        Assert.Equal("America/Los_Angeles", schedule.GetProperty("timezone_id").GetString());
        Assert.Equal("UNPAUSED", schedule.GetProperty("pause_status").GetString());

        var ledger = await Fixture.JobLedgerAsync(tenant.TenantId, created.Id);
        Assert.Equal((1, 1, jobId), (ledger!.CreatedCount, ledger.LiveCount, ledger.ObjectId));
    }

    [Fact]
    public async Task Changing_tasks_and_schedule_updates_the_same_job_in_place()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreatePipelineAsync();
        var first = await tenant.WaitUntilPipelineSyncedAsync(created, SyncTimeout, WorkerLog);

        var updated = await tenant.UpdatePipelineAsync(created.Id, """
            {"config": {"tasks": [{"name": "report", "type": "sql", "config": {"query": "SELECT 2", "warehouse_id": "wh-7"}}],
                        "schedule": {"quartz_cron_expression": "0 15 6 ? * MON", "timezone_id": "UTC", "pause_status": "PAUSED"}}}
            """);
        var second = await tenant.WaitUntilPipelineSyncedAsync(updated, SyncTimeout, WorkerLog, generation: 2);

        Assert.Equal(first.JobId, second.JobId);
        Assert.Equal(1, second.Metadata.GetProperty("tasks_count").GetInt32());
        var job = (await Fixture.RemoteJobAsync(second.JobId!.Value))!.Value;
        var task = Assert.Single(job.GetProperty("tasks").EnumerateArray());
        Assert.Equal("report", task.GetProperty("task_key").GetString());
        Assert.Equal("SELECT 2", task.GetProperty("sql_task").GetProperty("query").GetProperty("query").GetString());
        Assert.Equal("PAUSED", job.GetProperty("schedule").GetProperty("pause_status").GetString());
        Assert.Equal("0 15 6 ? * MON", job.GetProperty("schedule").GetProperty("quartz_cron_expression").GetString());
        var ledger = await Fixture.JobLedgerAsync(tenant.TenantId, created.Id);
        Assert.Equal((1, 1, 1), (ledger!.CreatedCount, ledger.ModifiedCount, ledger.LiveCount));
    }

    [Fact]
    public async Task Rename_is_a_new_generation_that_leaves_the_job_untouched()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreatePipelineAsync();
        var first = await tenant.WaitUntilPipelineSyncedAsync(created, SyncTimeout, WorkerLog);

        var renamed = await tenant.UpdatePipelineAsync(created.Id, """{"name": "renamed", "description": "now described"}""", HttpMethod.Patch);
        Assert.Equal(2, renamed.Sync.Generation);
        var second = await tenant.WaitUntilPipelineSyncedAsync(renamed, SyncTimeout, WorkerLog, generation: 2);

        Assert.Equal(first.JobId, second.JobId);
        var ledger = await Fixture.JobLedgerAsync(tenant.TenantId, created.Id);
        Assert.Equal((1, 0, 1), (ledger!.CreatedCount, ledger.ModifiedCount, ledger.LiveCount));
    }

    [Fact]
    public async Task Without_update_in_place_a_change_replaces_the_job_and_never_leaves_two()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreatePipelineAsync();
        var first = await tenant.WaitUntilPipelineSyncedAsync(created, SyncTimeout, WorkerLog);
        await Fixture.WaitUntilPipelinesSettleAsync(SyncTimeout);
        await Fixture.Emulator.SetExtensionsAsync(false);

        var updated = await tenant.UpdatePipelineAsync(created.Id, $$"""{"config": {{PipelineClient.SingleTask("/Shared/etl/v2")}}}""");
        var second = await tenant.WaitUntilPipelineSyncedAsync(updated, SyncTimeout, WorkerLog, generation: 2);

        Assert.NotEqual(first.JobId, second.JobId);
        Assert.Null(await Fixture.RemoteJobAsync(first.JobId!.Value));
        var job = (await Fixture.RemoteJobAsync(second.JobId!.Value))!.Value;
        Assert.Equal("/Shared/etl/v2", Assert.Single(job.GetProperty("tasks").EnumerateArray()).GetProperty("notebook_task").GetProperty("notebook_path").GetString());
        var ledger = await Fixture.JobLedgerAsync(tenant.TenantId, created.Id);
        Assert.Equal((2, 1, 1, second.JobId), (ledger!.CreatedCount, ledger.DeletedCount, ledger.LiveCount, ledger.ObjectId));
    }

    [Fact]
    public async Task Delete_removes_the_job_from_Databricks_and_hides_the_pipeline()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreatePipelineAsync();
        var synced = await tenant.WaitUntilPipelineSyncedAsync(created, SyncTimeout, WorkerLog);

        var (status, body) = await tenant.SendAsync(HttpMethod.Delete, $"{PipelineClient.Route}/{created.Id}");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("deleting", body.GetProperty("sync").GetProperty("status").GetString());
        var (getStatus, _) = await tenant.SendAsync(HttpMethod.Get, $"{PipelineClient.Route}/{created.Id}");
        Assert.Equal(HttpStatusCode.NotFound, getStatus);

        var row = await Fixture.WaitForPipelineRowAsync(created.Id, p => p.SyncStatus == SyncStatus.Deleted, SyncTimeout);
        Assert.Equal(row.Generation, row.SyncedGeneration);
        Assert.Null(await Fixture.RemoteJobAsync(synced.JobId!.Value));
        var ledger = await Fixture.JobLedgerAsync(tenant.TenantId, created.Id);
        Assert.Equal((1, 1, 0), (ledger!.CreatedCount, ledger.DeletedCount, ledger.LiveCount));
    }

    [Fact]
    public async Task Pipeline_deleted_before_it_synced_leaves_no_job_behind()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreatePipelineAsync();
        using var delete = await tenant.Http.DeleteAsync($"{PipelineClient.Route}/{created.Id}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);

        await Fixture.WaitForPipelineRowAsync(created.Id, p => p.SyncStatus == SyncStatus.Deleted, SyncTimeout);

        var ledger = await Fixture.JobLedgerAsync(tenant.TenantId, created.Id);
        Assert.True(ledger is null || ledger.LiveCount == 0, $"a job was left: {ledger}");
    }

    [Fact]
    public async Task Lost_create_answer_ends_with_exactly_one_job()
    {
        await Fixture.WaitUntilPipelinesSettleAsync(SyncTimeout);
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("jobs.create", "after_state_change", Status: 503, Times: 1));
        var tenant = await NewTenantAsync();
        var created = await tenant.CreatePipelineAsync();

        var synced = await tenant.WaitUntilPipelineSyncedAsync(created, SyncTimeout, WorkerLog);

        Assert.True(synced.Sync.Attempts >= 2, $"the lost answer was never met: {synced.Sync}");
        var ledger = await Fixture.JobLedgerAsync(tenant.TenantId, created.Id);
        Assert.Equal((1, 1, synced.JobId), (ledger!.CreatedCount, ledger.LiveCount, ledger.ObjectId));
        Assert.NotNull(await Fixture.RemoteJobAsync(synced.JobId!.Value));
        Assert.False(synced.Metadata.TryGetProperty("databricks_job_create_sent_at", out _), synced.Metadata.ToString());
    }

    [Fact]
    public async Task Lost_create_answer_then_a_new_change_still_ends_with_exactly_one_job()
    {
        // The answer is lost and the user changes the pipeline before a retry gets through (lookups fail meanwhile): the
        // new generation starts with a fresh attempt count, yet it must find the job the lost create made, not make another.
        await Fixture.WaitUntilPipelinesSettleAsync(SyncTimeout);
        await Fixture.Emulator.SetFaultsAsync(
            new FaultRuleDto("jobs.create", "after_state_change", Status: 503, Times: 1),
            new FaultRuleDto("jobs.list", "error", Status: 503));
        var tenant = await NewTenantAsync();
        var created = await tenant.CreatePipelineAsync();
        var inDoubt = await tenant.WaitForPipelineAsync(created.Id, p => p.Sync.LastError is not null, SyncTimeout, WorkerLog);
        Assert.True(inDoubt.Metadata.TryGetProperty("databricks_job_create_sent_at", out _), inDoubt.Metadata.ToString());

        var updated = await tenant.UpdatePipelineAsync(created.Id, $$"""{"config": {{PipelineClient.SingleTask("/Shared/etl/v2")}}}""");
        await Fixture.Emulator.ClearFaultsAsync();
        var synced = await tenant.WaitUntilPipelineSyncedAsync(updated, SyncTimeout, WorkerLog, generation: 2);

        var ledger = await Fixture.JobLedgerAsync(tenant.TenantId, created.Id);
        Assert.Equal((1, 1, synced.JobId), (ledger!.CreatedCount, ledger.LiveCount, ledger.ObjectId));
        var job = (await Fixture.RemoteJobAsync(synced.JobId!.Value))!.Value;
        Assert.Equal("only", Assert.Single(job.GetProperty("tasks").EnumerateArray()).GetProperty("task_key").GetString());
    }

    [Fact]
    public async Task Without_find_by_name_a_lost_create_answer_fails_naming_the_job_and_the_retry_creates_it_once_checked()
    {
        await Fixture.WaitUntilPipelinesSettleAsync(SyncTimeout);
        await Fixture.Emulator.SetExtensionsAsync(false);
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("jobs.create", "after_state_change", Status: 503, Times: 1));
        var tenant = await NewTenantAsync();
        var created = await tenant.CreatePipelineAsync();

        var failed = await tenant.WaitForPipelineAsync(created.Id, p => p.Sync.Status == "failed", SyncTimeout, WorkerLog);

        var jobName = DataPipeline.DatabricksNameFor(created.Id);
        Assert.Equal("JOB_OUTCOME_UNKNOWN", failed.Sync.LastError!.Code);
        Assert.Contains($"job named '{jobName}'", failed.Sync.LastError.Message);
        Assert.Contains($"POST /api/v1/data_pipelines/{created.Id}/retry", failed.Sync.LastError.Message);
        var ledger = await Fixture.JobLedgerAsync(tenant.TenantId, created.Id);
        Assert.Equal((1, 1), (ledger!.CreatedCount, ledger.LiveCount));

        // The operator finds the job the lost create made, deletes it, and retries.
        await Fixture.DeleteRemoteJobAsync(ledger.ObjectId!.Value);
        var (status, _) = await tenant.SendAsync(HttpMethod.Post, $"{PipelineClient.Route}/{created.Id}/retry");
        Assert.Equal(HttpStatusCode.Accepted, status);
        var synced = await tenant.WaitUntilPipelineSyncedAsync(created, SyncTimeout, WorkerLog);

        ledger = await Fixture.JobLedgerAsync(tenant.TenantId, created.Id);
        Assert.Equal((2, 1, synced.JobId), (ledger!.CreatedCount, ledger.LiveCount, ledger.ObjectId));
    }

    [Fact]
    public async Task Create_the_connector_refuses_fails_and_its_retry_creates_the_job_even_without_find_by_name()
    {
        // A 400 made no job, so the create is not "in doubt": the retry creates, no lookup needed.
        await Fixture.WaitUntilPipelinesSettleAsync(SyncTimeout);
        await Fixture.Emulator.SetExtensionsAsync(false);
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("jobs.create", "error", Status: 400, ErrorCode: "INVALID_PARAMETER_VALUE", Times: 1));
        var tenant = await NewTenantAsync();
        var created = await tenant.CreatePipelineAsync();

        var failed = await tenant.WaitForPipelineAsync(created.Id, p => p.Sync.Status == "failed", SyncTimeout, WorkerLog);
        Assert.Equal("INVALID_PARAMETER_VALUE", failed.Sync.LastError!.Code);

        var (status, _) = await tenant.SendAsync(HttpMethod.Post, $"{PipelineClient.Route}/{created.Id}/retry");
        Assert.Equal(HttpStatusCode.Accepted, status);
        var synced = await tenant.WaitUntilPipelineSyncedAsync(created, SyncTimeout, WorkerLog);

        var ledger = await Fixture.JobLedgerAsync(tenant.TenantId, created.Id);
        Assert.Equal((1, 1, synced.JobId), (ledger!.CreatedCount, ledger.LiveCount, ledger.ObjectId));
    }

    [Fact]
    public async Task Job_deleted_out_of_band_is_created_again_on_the_next_change()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreatePipelineAsync();
        var first = await tenant.WaitUntilPipelineSyncedAsync(created, SyncTimeout, WorkerLog);
        await Fixture.DeleteRemoteJobAsync(first.JobId!.Value);

        var updated = await tenant.UpdatePipelineAsync(created.Id, $$"""{"config": {{PipelineClient.SingleTask()}}}""");
        var second = await tenant.WaitUntilPipelineSyncedAsync(updated, SyncTimeout, WorkerLog, generation: 2);

        Assert.NotEqual(first.JobId, second.JobId);
        var ledger = await Fixture.JobLedgerAsync(tenant.TenantId, created.Id);
        Assert.Equal((2, 1, second.JobId), (ledger!.CreatedCount, ledger.LiveCount, ledger.ObjectId));
    }

    private static string[] DependsOn(JsonElement task) =>
        task.GetProperty("depends_on").EnumerateArray().Select(d => d.GetProperty("task_key").GetString()!).Order(StringComparer.Ordinal).ToArray();

    private sealed class JsonElementComparer : IEqualityComparer<JsonElement>
    {
        public static readonly JsonElementComparer Instance = new();

        public bool Equals(JsonElement x, JsonElement y) => JsonElement.DeepEquals(x, y);

        public int GetHashCode(JsonElement obj) => 0;
    }
}
