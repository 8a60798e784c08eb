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
        var notebook = await emulator.Http.CreateNotebookAsync(_tenant, "/Shared/daily");
        await emulator.Http.DeleteNotebookAsync(_tenant, "/Shared/daily");

        var raw = await emulator.Http.GetStringAsync($"/_emulator/objects?tenant_id={_tenant}&prefix=/Shared/");

        Assert.Equal(
            $$"""{"objects":[{"tenant_id":"{{_tenant}}","kind":"notebook","name":"/Shared/daily","object_id":{{notebook.ObjectId}},"exists":false,"created_count":1,"modified_count":0,"deleted_count":1}]}""",
            raw);
        var all = await emulator.Http.ObjectsAsync(_tenant);
        Assert.Equal(
            ["catalog:sales:True", "directory:/Shared:True", "notebook:/Shared/daily:False"],
            all.Select(entry => $"{entry.Kind}:{entry.Name}:{entry.Exists}"));
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
        await emulator.Http.MkdirsAsync(_tenant, "/Shared");
        await emulator.Http.PutFaultAsync("""{"operation":"notebooks.import","mode":"error","times":2}""");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await emulator.Http.ImportAsync(_tenant, "/Shared/daily");
        }

        var calls = await emulator.Http.CallsAsync();

        Assert.Equal(3, calls["notebooks.import"]);
        Assert.Equal(1, calls["workspace.mkdirs"]);
        Assert.Equal(0, calls["catalogs.create"]);
    }

    [Fact]
    public async Task Calls_lists_every_operation_by_its_wire_name()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var raw = await emulator.Http.GetStringAsync("/_emulator/calls");

        Assert.Equal(
            """{"calls":{"catalogs.create":0,"catalogs.delete":0,"catalogs.get":0,"health":0,"notebooks.delete":0,"notebooks.export":0,"notebooks.import":0,"notebooks.status":0,"workspace.mkdirs":0}}""",
            raw);
    }

    [Fact]
    public async Task Reset_forgets_state_history_counters_and_rules()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateCatalogAsync(_tenant, "sales");
        await emulator.Http.PutFaultAsync("""{"operation":"notebooks.import","mode":"error"}""");

        await emulator.Http.ResetAsync();

        Assert.Empty(await emulator.Http.ObjectsAsync());
        Assert.All((await emulator.Http.CallsAsync()).Values, count => Assert.Equal(0, count));
        Assert.Equal(0, (await emulator.Http.GetFaultsAsync()).GetArrayLength());
        await (await emulator.Http.GetCatalogAsync(_tenant, "sales")).ShouldFailAsync(404, ConnectorErrorCodes.CatalogDoesNotExist);
        await (await emulator.Http.CreateCatalogAsync(_tenant, "sales")).ReadAsync<CatalogInfo>();
    }
}
