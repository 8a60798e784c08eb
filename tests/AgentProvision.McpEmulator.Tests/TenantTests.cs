using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class TenantTests
{
    [Fact]
    public async Task Tenants_never_see_each_others_catalogs_or_notebooks()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var (acme, globex) = (ConnectorCalls.NewTenant(), ConnectorCalls.NewTenant());
        await emulator.Http.CreateCatalogAsync(acme, "sales");
        await emulator.Http.CreateNotebookAsync(acme, "/Shared/daily");

        await (await emulator.Http.GetCatalogAsync(globex, "sales")).ShouldFailAsync(404, ConnectorErrorCodes.CatalogDoesNotExist);
        await (await emulator.Http.StatusAsync(globex, "/Shared/daily")).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        // The same names are free in the other tenant's workspace and metastore.
        await (await emulator.Http.CreateCatalogAsync(globex, "sales")).ReadAsync<CatalogInfo>();
        await emulator.Http.CreateNotebookAsync(globex, "/Shared/daily");
        Assert.Empty(await emulator.Http.ObjectsAsync(ConnectorCalls.NewTenant()));
        Assert.Equal(3, (await emulator.Http.ObjectsAsync(globex)).Count);
    }

    public static TheoryData<string, string, string?> CallsWithoutTenant => new()
    {
        { "POST", ConnectorRoutes.Catalogs, """{"name":"sales"}""" },
        { "POST", ConnectorRoutes.Catalogs, """{"tenant_id":"  ","name":"sales"}""" },
        { "GET", ConnectorRoutes.Catalogs + "/sales", null },
        { "DELETE", ConnectorRoutes.Catalogs + "/sales?tenant_id=", null },
        { "POST", ConnectorRoutes.WorkspaceMkdirs, """{"path":"/Shared"}""" },
        { "POST", ConnectorRoutes.NotebookImport, """{"tenant_id":"","path":"/a","language":"PYTHON","content":"eA==","overwrite":false}""" },
        { "GET", ConnectorRoutes.NotebookStatus + "?path=/Shared", null },
        { "POST", ConnectorRoutes.NotebookDelete, """{"path":"/Shared/daily"}""" },
    };

    [Theory]
    [MemberData(nameof(CallsWithoutTenant))]
    public async Task Every_operation_without_a_tenant_id_answers_400_INVALID_PARAMETER_VALUE(string method, string route, string? body)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        using var request = new HttpRequestMessage(new HttpMethod(method), route);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await emulator.Http.SendAsync(request);

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }
}
