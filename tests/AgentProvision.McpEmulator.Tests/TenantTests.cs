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
        var notebook = await emulator.Http.NewNotebookAsync(acme, "daily");

        Assert.False((await emulator.Http.CatalogStatusAsync(globex)).Exists);
        await (await emulator.Http.GetNotebookAsync(globex, notebook.Path)).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        await (await emulator.Http.LookupNotebookAsync(globex, "daily")).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        // The same names are free for the other tenant, in its own folder.
        await (await emulator.Http.CreateCatalogAsync(globex, "sales")).ReadAsync<CatalogCreated>();
        var theirs = await emulator.Http.NewNotebookAsync(globex, "daily");
        Assert.NotEqual(notebook.Path, theirs.Path);
        Assert.Empty(await emulator.Http.ObjectsAsync(ConnectorCalls.NewTenant()));
        Assert.Equal(2, (await emulator.Http.ObjectsAsync(globex)).Count);
    }

    public static TheoryData<string, string, string?> CallsWithoutTenant => new()
    {
        { "POST", ConnectorRoutes.Catalogs, """{"catalog_name":"sales"}""" },
        { "POST", ConnectorRoutes.Catalogs, """{"tenant_id":"  ","catalog_name":"sales"}""" },
        { "POST", ConnectorRoutes.Notebooks, """{"tenant_id":"","name":"a","language":"python","content":"x"}""" },
        { "POST", ConnectorRoutes.NotebookExecute, """{"notebook_path":"/Shared/a","parameters":{}}""" },
        { "POST", ConnectorRoutes.Jobs, """{"name":"daily","tasks":[]}""" },
        { "GET", ConnectorRoutes.Jobs + "?name=daily", null },
        { "POST", ConnectorRoutes.JobRun(1), """{"job_parameters":{}}""" },
        { "PUT", ConnectorRoutes.Job(1), """{"name":"daily","tasks":[]}""" },
    };

    [Theory]
    [MemberData(nameof(CallsWithoutTenant))]
    public async Task Every_operation_without_a_tenant_id_answers_400_INVALID_PARAMETER_VALUE(string method, string route, string? body)
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.SendRawAsync(method, route, body);

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }
}
