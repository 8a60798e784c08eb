using System.Net;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Sync;

/// <summary>With the integration off (globally, or for a tenant), resources stay in PostgreSQL only.</summary>
public sealed class LocalOnlyTests(SystemFixture system) : SystemTest(system)
{
    [Theory]
    [InlineData("Mcp:Enabled", "false")]
    [InlineData("Mcp:EnabledTenants", "00000000-0000-0000-0000-000000000001")]
    public async Task Notebook_stays_local_only_and_writes_no_outbox_message_when_the_integration_is_off(string key, string value)
    {
        await using var api = new ApiFactory(Fixture.ApiSettings((key, value)));
        var tenant = await TenantClient.RegisterAsync(api);

        var created = await tenant.CreateNotebookAsync();
        Assert.Equal("local_only", created.Sync.Status);

        using var delete = await tenant.Http.DeleteAsync($"/api/v1/notebooks/{created.Id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var row = await NotebookRowAsync(created.Id);
        Assert.Equal(SyncStatus.Deleted, row!.SyncStatus);
        await using var db = Fixture.NewDbContext();
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.ResourceId == created.Id));
    }

    [Fact]
    public async Task Listed_tenant_is_synced_when_the_integration_is_limited_to_some_tenants()
    {
        var probe = await NewTenantAsync();
        await using var api = new ApiFactory(Fixture.ApiSettings(("Mcp:EnabledTenants", $"00000000-0000-0000-0000-000000000001, {probe.TenantId}")));
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", probe.AccessToken);
        var tenant = new TenantClient(client, new TokenDto(probe.AccessToken, "bearer", 0, probe.TenantId, Guid.Empty));

        var created = await tenant.CreateNotebookAsync();

        Assert.Equal("pending", created.Sync.Status);
        await tenant.WaitUntilSyncedAsync(created, SyncTimeout, WorkerLog);
    }
}
