using System.Net;
using System.Net.Http.Json;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Datasets;

public sealed class DatasetSyncTests(SystemFixture system) : SystemTest(system)
{
    private const string Sales = "id,amount,region\n1,10.5,north\n2,20,south\n3,7.25,north\n";

    [Fact]
    public async Task Uploaded_dataset_becomes_a_table_in_the_tenants_catalog_with_the_original_metadata_keys()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.UploadAsync(Sales);
        Assert.Equal("pending", created.Sync.Status);

        var synced = await tenant.WaitUntilDatasetSyncedAsync(created, SyncTimeout, WorkerLog);

        var catalog = TenantCatalog.NameFor(tenant.TenantId);
        var table = $"{catalog}.bronze.{Dataset.DatabricksNameFor(created.Id)}";
        Assert.Equal(table, synced.Metadata_("databricks_table"));
        Assert.Equal(catalog, synced.Metadata_("databricks_catalog"));
        Assert.Equal("bronze", synced.Metadata_("databricks_schema"));
        Assert.Equal(Dataset.DatabricksNameFor(created.Id), synced.Metadata_("databricks_table_name"));
        Assert.NotNull(synced.Metadata_("sync_timestamp"));
        Assert.True(synced.Metadata.GetProperty("databricks_enabled").GetBoolean());
        var remote = Assert.Single(await Fixture.Emulator.ObjectsAsync(tenant.TenantId, table));
        Assert.Equal(1, remote.CreatedCount);
        Assert.Equal(0, remote.ModifiedCount);

        var (status, body) = await tenant.SendAsync(HttpMethod.Get, $"/api/v1/datasets/{created.Id}/databricks/status");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("synced", body.GetProperty("sync_status").GetString());
        Assert.Equal(table, body.GetProperty("bronze_table").GetString());
        Assert.Equal(3, body.GetProperty("row_count_local").GetInt64());
        Assert.Equal(3, body.GetProperty("row_count_databricks").GetInt64());
        Assert.True(body.GetProperty("databricks_enabled").GetBoolean());
    }

    [Fact]
    public async Task Query_of_a_synced_dataset_runs_in_Databricks_and_locally_when_the_connector_is_down()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.UploadAsync(Sales);
        await tenant.WaitUntilDatasetSyncedAsync(created, SyncTimeout, WorkerLog);
        const string sql = "SELECT region, sum(amount) AS total FROM dataset GROUP BY region ORDER BY region";

        var (status, remote, body) = await tenant.QueryRemotelyAsync(created.Id, sql);

        Assert.True(status == HttpStatusCode.OK, body);
        Assert.Equal("databricks", remote!.Source);
        Assert.Equal(["region", "total"], remote.Columns);
        Assert.Equal(2, remote.RowCount);
        Assert.Equal(17.75, remote.Rows[0]["total"].GetDouble());

        Fixture.ConnectorProxy.Disable();
        var (localStatus, local, localBody) = await tenant.QueryAsync(created.Id, sql);
        Assert.True(localStatus == HttpStatusCode.OK, localBody);
        Assert.Equal("local", local!.Source);
        Assert.Equal(remote.Rows.Select(r => r["total"].GetDouble()), local.Rows.Select(r => r["total"].GetDouble()));
    }

    [Fact]
    public async Task Reupload_is_a_new_generation_that_replaces_the_same_table_once()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.UploadAsync(Sales);
        var first = await tenant.WaitUntilDatasetSyncedAsync(created, SyncTimeout, WorkerLog);

        using var response = await tenant.Http.PutAsync($"/api/v1/datasets/{created.Id}/upload",
            DatasetClient.Form("id,amount,region\n4,1,east\n", name: null, fileName: "more.csv"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var replaced = (await response.Content.ReadFromJsonAsync<DatasetDto>(Wire.Json))!;
        Assert.Equal(2, replaced.Sync.Generation);
        Assert.Equal(1, replaced.RowCount);
        Assert.Equal("more.csv", replaced.FileName);
        Assert.Equal(created.Name, replaced.Name);

        var second = await tenant.WaitUntilDatasetSyncedAsync(replaced, SyncTimeout, WorkerLog, generation: 2);
        Assert.Equal(first.Metadata_("databricks_table"), second.Metadata_("databricks_table"));
        var remote = Assert.Single(await Fixture.Emulator.ObjectsAsync(tenant.TenantId, first.Metadata_("databricks_table")!));
        Assert.Equal(1, remote.CreatedCount);
        Assert.Equal(1, remote.ModifiedCount);
        var (_, answer, body) = await tenant.QueryRemotelyAsync(created.Id, "SELECT id, region FROM dataset");
        Assert.True(answer is { Source: "databricks", RowCount: 1 }, body);
        Assert.Equal("east", answer.Rows[0]["region"].GetString());
    }

    [Fact]
    public async Task Rename_is_a_new_generation_that_syncs_without_uploading_again()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.UploadAsync(Sales);
        var synced = await tenant.WaitUntilDatasetSyncedAsync(created, SyncTimeout, WorkerLog);
        var uploadsBefore = await Fixture.Emulator.CallsAsync("datasets.upload");

        using var response = await tenant.Http.PatchAsJsonAsync($"/api/v1/datasets/{created.Id}", new { name = "renamed sales" });
        var renamed = (await response.Content.ReadFromJsonAsync<DatasetDto>(Wire.Json))!;
        Assert.Equal(2, renamed.Sync.Generation);

        var second = await tenant.WaitUntilDatasetSyncedAsync(renamed, SyncTimeout, WorkerLog, generation: 2);
        Assert.Equal("renamed sales", second.Name);
        Assert.Equal(synced.Metadata_("databricks_table"), second.Metadata_("databricks_table"));
        Assert.Equal(uploadsBefore, await Fixture.Emulator.CallsAsync("datasets.upload"));
    }

    [Fact]
    public async Task Delete_drops_the_table_removes_the_file_and_hides_the_dataset()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.UploadAsync(Sales);
        var synced = await tenant.WaitUntilDatasetSyncedAsync(created, SyncTimeout, WorkerLog);
        Assert.NotEmpty(DatasetClient.FilesOf(Fixture.StorageRoot, tenant.TenantId));

        using var delete = await tenant.Http.DeleteAsync($"/api/v1/datasets/{created.Id}");
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.SendAsync(HttpMethod.Get, $"/api/v1/datasets/{created.Id}")).Status);
        Assert.Empty(DatasetClient.FilesOf(Fixture.StorageRoot, tenant.TenantId));

        await WaitForDatasetRowAsync(created.Id, d => d.SyncStatus == SyncStatus.Deleted);
        var remote = Assert.Single(await Fixture.Emulator.ObjectsAsync(tenant.TenantId, synced.Metadata_("databricks_table")!));
        Assert.False(remote.Exists);
        Assert.Equal(1, remote.DeletedCount);
    }

    [Fact]
    public async Task Upload_whose_answer_is_lost_is_adopted_so_the_table_version_grows_once_per_generation()
    {
        var tenant = await NewTenantAsync();
        // The connector stores the upload, then answers 503: the worker never learns that its upload landed.
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("datasets.upload", "after_state_change", Status: 503, Times: 1));

        var created = await tenant.UploadAsync(Sales);
        var synced = await tenant.WaitUntilDatasetSyncedAsync(created, SyncTimeout, WorkerLog);

        var remote = Assert.Single(await Fixture.Emulator.ObjectsAsync(tenant.TenantId, synced.Metadata_("databricks_table")!));
        Assert.Equal(1, remote.CreatedCount);
        Assert.Equal(0, remote.ModifiedCount);
    }

    [Fact]
    public async Task Dataset_syncs_once_when_the_connector_fails_before_uploading()
    {
        var tenant = await NewTenantAsync();
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("datasets.upload", "error", Status: 503, ErrorCode: "TEMPORARILY_UNAVAILABLE", Times: 3));

        var created = await tenant.UploadAsync(Sales);
        var synced = await tenant.WaitUntilDatasetSyncedAsync(created, SyncTimeout, WorkerLog);

        var remote = Assert.Single(await Fixture.Emulator.ObjectsAsync(tenant.TenantId, synced.Metadata_("databricks_table")!));
        Assert.Equal(1, remote.CreatedCount);
        Assert.Equal(0, remote.ModifiedCount);
    }

    [Fact]
    public async Task First_dataset_creates_the_tenant_catalog_it_lives_in()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.UploadAsync(Sales);
        await tenant.WaitUntilDatasetSyncedAsync(created, SyncTimeout, WorkerLog);
        await tenant.UploadAsync(Sales, name: "second");

        await using var db = Fixture.NewDbContext();
        var catalog = await db.TenantCatalogs.AsNoTracking().SingleAsync(c => c.TenantId == tenant.TenantId);
        Assert.Equal(SyncStatus.Synced, catalog.SyncStatus);
        var remote = await Fixture.Emulator.ObjectsAsync(tenant.TenantId, TenantCatalog.NameFor(tenant.TenantId));
        Assert.Equal(1, Assert.Single(remote, o => o.Kind == "catalog").CreatedCount);
    }

    [Fact]
    public async Task Sync_endpoint_answers_202_in_the_original_shape_and_puts_a_failed_dataset_back_in_line()
    {
        var tenant = await NewTenantAsync();
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("datasets.upload", "error", Status: 400, ErrorCode: "INVALID_PARAMETER_VALUE"));
        var created = await tenant.UploadAsync(Sales);
        var deadline = DateTime.UtcNow + SyncTimeout;
        while ((await tenant.GetDatasetAsync(created.Id)).Sync.Status != "failed" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal("failed", (await tenant.GetDatasetAsync(created.Id)).Sync.Status);
        await Fixture.Emulator.ClearFaultsAsync();

        var (status, body) = await tenant.SendAsync(HttpMethod.Post, $"/api/v1/datasets/{created.Id}/sync");
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("Sync triggered successfully", body.GetProperty("message").GetString());
        Assert.Equal("pending", body.GetProperty("status").GetString());
        await tenant.WaitUntilDatasetSyncedAsync(created, SyncTimeout, WorkerLog);
    }

    private async Task<Dataset> WaitForDatasetRowAsync(Guid id, Func<Dataset, bool> until)
    {
        var deadline = DateTime.UtcNow + SyncTimeout;
        Dataset? row;
        do
        {
            await using var db = Fixture.NewDbContext();
            row = await db.Datasets.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id);
            if (row is not null && until(row))
            {
                return row;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"Dataset row {id}: {row?.SyncStatus}, error {row?.LastErrorMessage}\n{WorkerLog()}");
        return row!;
    }
}
