using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

/// <summary>
/// Fault mode after_state_change on every operation that creates something: the object exists, the caller only saw an
/// error. These are the lost answers the worker's exactly-once logic must survive.
/// </summary>
public sealed class AfterStateChangeTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();

    [Fact]
    public async Task Catalog_create_keeps_the_catalog()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync("""{"operation":"catalogs.create","mode":"after_state_change","times":1}""");

        await (await emulator.Http.CreateCatalogAsync(_tenant, "sales")).ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);

        Assert.Equal("sales", (await emulator.Http.CatalogStatusAsync(_tenant)).CatalogName);
        await (await emulator.Http.CreateCatalogAsync(_tenant, "sales")).ShouldFailAsync(409, ConnectorErrorCodes.ResourceAlreadyExists);
    }

    [Fact]
    public async Task Notebook_create_keeps_the_notebook_and_lookup_finds_it()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync("""{"operation":"notebooks.create","mode":"after_state_change","times":1}""");

        await (await emulator.Http.CreateNotebookAsync(_tenant, "daily")).ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);

        var found = await (await emulator.Http.LookupNotebookAsync(_tenant, "daily")).ReadAsync<NotebookInfo>();
        Assert.Equal(ConnectorCalls.NotebookPath(_tenant, "daily"), found.Path);
    }

    [Fact]
    public async Task Job_create_keeps_the_job_so_a_blind_retry_makes_a_duplicate_that_live_count_shows()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.PutFaultAsync("""{"operation":"jobs.create","mode":"after_state_change","times":1}""");

        await (await emulator.Http.CreateJobAsync(_tenant, "daily-etl")).ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);
        var found = await (await emulator.Http.FindJobsAsync(_tenant, "daily-etl")).ReadAsync<JobList>();
        await emulator.Http.NewJobAsync(_tenant, "daily-etl");

        Assert.Single(found.Jobs);
        Assert.Equal(2, Assert.Single(await emulator.Http.ObjectsAsync(_tenant, "daily-etl")).LiveCount);
    }

    [Fact]
    public async Task Job_run_keeps_the_run()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        await emulator.Http.PutFaultAsync("""{"operation":"jobs.run","mode":"after_state_change","status":500,"times":1}""");

        await (await emulator.Http.RunJobAsync(_tenant, job.JobId)).ShouldFailAsync(500, ConnectorErrorCodes.InternalError);

        Assert.Single((await (await emulator.Http.JobRunsAsync(job.JobId)).ReadAsync<RunList>()).Runs);
    }

    [Fact]
    public async Task Notebook_execute_keeps_the_run()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var notebook = await emulator.Http.NewNotebookAsync(_tenant, "daily");
        await emulator.Http.PutFaultAsync("""{"operation":"notebooks.execute","mode":"after_state_change","times":1}""");

        await (await emulator.Http.ExecuteNotebookAsync(_tenant, notebook.Path)).ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);

        var runs = Assert.Single(await emulator.Http.ObjectsAsync(_tenant), entry => entry.Kind == "run");
        Assert.Equal((notebook.Path, 1), (runs.Name, runs.CreatedCount));
    }

    [Fact]
    public async Task Job_update_and_deletes_change_state_too()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var job = await emulator.Http.NewJobAsync(_tenant, "daily-etl");
        var notebook = await emulator.Http.NewNotebookAsync(_tenant, "daily");
        await emulator.Http.PutFaultsAsync("""
            {"rules":[
              {"operation":"jobs.update","mode":"after_state_change","times":1},
              {"operation":"notebooks.delete","mode":"after_state_change","times":1}
            ]}
            """);

        await (await emulator.Http.UpdateJobAsync(job.JobId, new UpdateJobRequest(_tenant, "renamed", [])))
            .ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);
        await (await emulator.Http.DeleteNotebookAsync(_tenant, notebook.Path)).ShouldFailAsync(503, ConnectorErrorCodes.TemporarilyUnavailable);

        Assert.Equal("renamed", (await (await emulator.Http.GetJobAsync(job.JobId)).ReadAsync<JobDetails>()).Name);
        await (await emulator.Http.GetNotebookAsync(_tenant, notebook.Path)).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
    }
}
