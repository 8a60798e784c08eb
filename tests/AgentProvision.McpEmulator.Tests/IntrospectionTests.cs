using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class IntrospectionTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();

    [Fact]
    public async Task Objects_lists_every_name_ever_seen_with_its_history_in_snake_case()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateCatalogAsync(_tenant, "Sales");
        var notebook = await emulator.Http.NewNotebookAsync(_tenant, "daily");
        await emulator.Http.DeleteNotebookAsync(_tenant, notebook.Path);

        var raw = await emulator.Http.GetStringAsync($"/_emulator/objects?tenant_id={_tenant}&prefix=/Shared/");

        Assert.Equal(
            $$"""{"objects":[{"tenant_id":"{{_tenant}}","kind":"notebook","name":"{{notebook.Path}}","object_id":{{notebook.ObjectId}},"exists":false,"created_count":1,"modified_count":0,"deleted_count":1,"live_count":0}]}""",
            raw);
        var all = await emulator.Http.ObjectsAsync(_tenant);
        Assert.Equal(
            ["catalog:sales:True", $"notebook:{notebook.Path}:False"],
            all.Select(entry => $"{entry.Kind}:{entry.Name}:{entry.Exists}"));
    }

    [Fact]
    public async Task Jobs_with_one_name_are_distinct_objects_counted_by_live_count()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var first = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        var second = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        await emulator.Http.NewJobAsync(_tenant, "weekly");

        var daily = Assert.Single(await emulator.Http.ObjectsAsync(_tenant, "daily-etl"));
        Assert.Equal((2, 2, 0, second.JobId), (daily.CreatedCount, daily.LiveCount, daily.DeletedCount, daily.ObjectId));

        (await emulator.Http.DeleteJobAsync(first.JobId)).EnsureSuccessStatusCode();

        daily = Assert.Single(await emulator.Http.ObjectsAsync(_tenant, "daily-etl"));
        Assert.Equal((2, 1, 1, true), (daily.CreatedCount, daily.LiveCount, daily.DeletedCount, daily.Exists));
    }

    [Fact]
    public async Task Runs_are_counted_under_their_jobs_name_and_notebook_runs_under_the_notebooks_path()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        var notebook = await emulator.Http.NewNotebookAsync(_tenant, "daily");
        await emulator.Http.NewRunAsync(_tenant, job.JobId);
        await emulator.Http.NewRunAsync(_tenant, job.JobId);
        (await emulator.Http.ExecuteNotebookAsync(_tenant, notebook.Path)).EnsureSuccessStatusCode();

        var runs = (await emulator.Http.ObjectsAsync(_tenant)).Where(entry => entry.Kind == "run").ToList();

        Assert.Equal(
            [$"{notebook.Path}:1", "daily-etl:2"],
            runs.Select(entry => $"{entry.Name}:{entry.CreatedCount}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_job_renamed_in_place_moves_its_live_count_to_the_new_name()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily");

        await (await emulator.Http.UpdateJobAsync(job.JobId, new UpdateJobRequest(_tenant, "nightly", ConnectorCalls.TwoTasks)))
            .ReadAsync<JobDetails>();

        var entries = (await emulator.Http.ObjectsAsync(_tenant)).ToDictionary(entry => entry.Name);
        Assert.Equal((0, 1, 1), (entries["daily"].LiveCount, entries["daily"].CreatedCount, entries["daily"].ModifiedCount));
        Assert.Equal((1, 0, job.JobId), (entries["nightly"].LiveCount, entries["nightly"].CreatedCount, entries["nightly"].ObjectId));
    }

    [Fact]
    public async Task Objects_without_a_tenant_lists_every_tenant()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateCatalogAsync("acme", "sales");
        await emulator.Http.CreateCatalogAsync("globex", "sales");

        var all = await emulator.Http.ObjectsAsync();

        Assert.Equal(["acme", "globex"], all.Select(entry => entry.TenantId));
    }

    [Fact]
    public async Task Calls_counts_every_request_per_operation_faulted_ones_included()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateCatalogAsync(_tenant, "sales");
        await emulator.Http.PutFaultAsync("""{"operation":"notebooks.create","mode":"error","times":2}""");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await emulator.Http.CreateNotebookAsync(_tenant, "daily");
        }

        var calls = await emulator.Http.CallsAsync();

        Assert.Equal(3, calls["notebooks.create"]);
        Assert.Equal(1, calls["catalogs.create"]);
        Assert.Equal(0, calls["jobs.create"]);
    }

    [Fact]
    public async Task Calls_lists_every_operation_by_its_wire_name()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var calls = await emulator.Http.CallsAsync();

        Assert.Subset(
            new HashSet<string>(calls.Keys),
            new HashSet<string>(
            [
                "health", "catalogs.create", "catalogs.status",
                "notebooks.create", "notebooks.get", "notebooks.update", "notebooks.delete", "notebooks.lookup",
                "notebooks.execute", "notebooks.run_status",
                "jobs.create", "jobs.get", "jobs.list", "jobs.update", "jobs.delete", "jobs.run", "jobs.runs",
                "runs.get", "runs.cancel",
            ]));
        Assert.All(calls.Values, count => Assert.Equal(0, count));
    }

    [Fact]
    public async Task Reset_forgets_state_history_counters_rules_run_behaviour_and_the_extension_switch()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateCatalogAsync(_tenant, "sales");
        var job = await emulator.Http.NewJobAsync(_tenant, "daily");
        await emulator.Http.PutFaultAsync("""{"operation":"notebooks.create","mode":"error"}""");
        await emulator.Http.PutRunBehaviourAsync("""{"outcome":"fail"}""");
        await emulator.Http.SetExtensionsAsync(false);

        await emulator.Http.ResetAsync();

        Assert.Empty(await emulator.Http.ObjectsAsync());
        Assert.All((await emulator.Http.CallsAsync()).Values, count => Assert.Equal(0, count));
        Assert.Equal(0, (await emulator.Http.GetFaultsAsync()).GetArrayLength());
        Assert.Equal("""{"rules":[]}""", await emulator.Http.GetStringAsync("/_emulator/runs/behaviour"));
        Assert.Equal("""{"enabled":true}""", await emulator.Http.GetStringAsync("/_emulator/extensions"));
        await (await emulator.Http.GetJobAsync(job.JobId)).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        Assert.False((await emulator.Http.CatalogStatusAsync(_tenant)).Exists);
        await (await emulator.Http.CreateCatalogAsync(_tenant, "sales")).ReadAsync<CatalogCreated>();
    }
}
