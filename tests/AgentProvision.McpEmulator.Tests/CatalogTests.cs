using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class CatalogTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();

    [Fact]
    public async Task Create_answers_the_catalog_stored_lower_case_with_the_medallion_schemas()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var created = await (await emulator.Http.CreateCatalogAsync(_tenant, "AgentProvision_Acme")).ReadAsync<CatalogCreated>();

        Assert.Equal(("agentprovision_acme", _tenant, "created"), (created.CatalogName, created.TenantId, created.Status));
        Assert.Equal(["default", "bronze", "silver", "gold"], created.Schemas!);
        Assert.EndsWith("/explore/data/agentprovision_acme", created.CatalogUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_answers_the_tenants_catalog()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var created = await (await emulator.Http.CreateCatalogAsync(_tenant, "Sales")).ReadAsync<CatalogCreated>();

        var status = await emulator.Http.CatalogStatusAsync(_tenant);

        Assert.Equal(new CatalogStatus(true, "sales", status.Schemas, created.CatalogUrl), status);
        Assert.Equal(["default", "bronze", "silver", "gold"], status.Schemas!);
    }

    [Fact]
    public async Task Status_of_a_tenant_without_a_catalog_is_200_with_exists_false()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.GetAsync(ConnectorRoutes.CatalogStatus(_tenant));

        Assert.Equal("""{"exists":false}""", await response.Content.ReadAsStringAsync());
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("sales")]
    [InlineData("SALES")]
    public async Task A_second_create_of_the_same_name_answers_409_RESOURCE_ALREADY_EXISTS(string secondName)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateCatalogAsync(_tenant, "sales");

        var error = await (await emulator.Http.CreateCatalogAsync(_tenant, secondName)).ShouldFailAsync(409, ConnectorErrorCodes.ResourceAlreadyExists);

        Assert.Equal("Catalog 'sales' already exists", error.Message);
        Assert.Equal(1, Assert.Single(await emulator.Http.ObjectsAsync(_tenant)).CreatedCount);
    }

    [Fact]
    public async Task A_create_of_another_name_while_the_tenant_has_a_catalog_answers_409_naming_the_one_it_has()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateCatalogAsync(_tenant, "sales");

        var error = await (await emulator.Http.CreateCatalogAsync(_tenant, "marketing")).ShouldFailAsync(409, ConnectorErrorCodes.ResourceAlreadyExists);

        Assert.Contains("'sales'", error.Message, StringComparison.Ordinal);
        Assert.Equal("sales", (await emulator.Http.CatalogStatusAsync(_tenant)).CatalogName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("has.period")]
    [InlineData("has/slash")]
    [InlineData("tab\tinside")]
    public async Task Names_Unity_Catalog_refuses_answer_400_INVALID_PARAMETER_VALUE(string name)
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var error = await (await emulator.Http.CreateCatalogAsync(_tenant, name)).ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);

        Assert.Contains("is not a valid name", error.Message, StringComparison.Ordinal);
        Assert.False((await emulator.Http.CatalogStatusAsync(_tenant)).Exists);
    }

    [Fact]
    public async Task A_name_of_256_characters_is_refused()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.CreateCatalogAsync(_tenant, new string('a', 256));

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }
}
