using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Pipelines;
using AgentProvision.Tests.Pipelines;

namespace AgentProvision.Tests.Drift;

/// <summary>A synced resource deleted or changed in Databricks out of band is found by the drift check, shown, and synced again.</summary>
public sealed class DriftRepairTests(SystemFixture system) : DriftTest(system)
{
    private const string Sales = "id,amount,region\n1,10.5,north\n2,20,south\n";

    [Fact]
    public async Task Notebook_deleted_out_of_band_is_found_shown_and_created_again_exactly_once()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync(content: "print('ours')");
        var path = (await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog)).Sync.NotebookPath!;

        await DriftIsSeenThenRepairedAsync<Notebook>(created.Id, Notebook.Kind, "deleted",
            () => Databricks.DeleteNotebookAsync(tenant.TenantId, path));

        var remote = await Fixture.Emulator.NotebookAsync(tenant.TenantId, path);
        Assert.Equal((2, 1, 1), (remote.CreatedCount, remote.DeletedCount, remote.LiveCount));
        Assert.Equal("print('ours')", await Fixture.Emulator.NotebookContentAsync(tenant.TenantId, path));
        var shown = await tenant.GetNotebookAsync(created.Id);
        Assert.Equal(remote.ObjectId, shown.Sync.ObjectId);
    }

    [Fact]
    public async Task Notebook_changed_out_of_band_gets_our_content_back_in_place()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync(content: "print('ours')");
        var path = (await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog)).Sync.NotebookPath!;

        await DriftIsSeenThenRepairedAsync<Notebook>(created.Id, Notebook.Kind, "changed",
            () => Databricks.ReplaceNotebookContentAsync(tenant.TenantId, path, "print('tampered')"));

        Assert.Equal("print('ours')", await Fixture.Emulator.NotebookContentAsync(tenant.TenantId, path));
        var remote = await Fixture.Emulator.NotebookAsync(tenant.TenantId, path);
        Assert.Equal((1, 0, 1), (remote.CreatedCount, remote.DeletedCount, remote.LiveCount));
    }

    [Fact]
    public async Task Dataset_table_dropped_out_of_band_is_uploaded_again()
    {
        var tenant = await NewTenantAsync();
        var dataset = await tenant.UploadAsync(Sales);
        await tenant.WaitUntilDatasetSyncedAsync(dataset, SyncTimeout, WorkerLog);
        var tableName = Dataset.DatabricksNameFor(dataset.Id);

        await DriftIsSeenThenRepairedAsync<Dataset>(dataset.Id, Dataset.Kind, "deleted",
            () => Databricks.DropTableAsync(tenant.TenantId, tableName));

        var table = $"{TenantCatalog.NameFor(tenant.TenantId)}.bronze.{tableName}";
        var remote = Assert.Single(await Fixture.Emulator.ObjectsAsync(tenant.TenantId, table));
        Assert.Equal((2, 1, 1), (remote.CreatedCount, remote.DeletedCount, remote.LiveCount));
        var (_, answer, body) = await tenant.QueryRemotelyAsync(dataset.Id, "SELECT count(*) AS n FROM dataset");
        Assert.True(answer?.Source == "databricks", body);
    }

    [Fact]
    public async Task Pipeline_job_deleted_out_of_band_is_created_again_once_with_its_settings()
    {
        var tenant = await NewTenantAsync();
        var pipeline = await tenant.CreatePipelineAsync();
        var synced = await tenant.WaitUntilPipelineSyncedAsync(pipeline, SyncTimeout, WorkerLog);
        var deletedJob = synced.JobId!.Value;

        var repaired = await DriftIsSeenThenRepairedAsync<DataPipeline>(pipeline.Id, DataPipeline.Kind, "deleted",
            () => Databricks.DeleteJobAsync(deletedJob));

        var newJob = PipelineMetadata.JobIdOf(repaired.Metadata);
        Assert.NotNull(newJob);
        Assert.NotEqual(deletedJob, newJob);
        var remote = Assert.Single(await Fixture.Emulator.ObjectsAsync(tenant.TenantId, DataPipeline.DatabricksNameFor(pipeline.Id)), o => o.Kind == "job");
        Assert.Equal((2, 1, 1), (remote.CreatedCount, remote.DeletedCount, remote.LiveCount));
    }
}
