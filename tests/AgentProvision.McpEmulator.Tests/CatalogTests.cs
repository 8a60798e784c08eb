using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class CatalogTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();

    [Fact]
    public async Task Created_catalog_is_stored_lowercase_and_found_by_any_case()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var created = await (await emulator.Http.CreateCatalogAsync(_tenant, "Sales_EU")).ReadAsync<CatalogInfo>();
        var fetched = await (await emulator.Http.GetCatalogAsync(_tenant, "SALES_eu")).ReadAsync<CatalogInfo>();

        Assert.Equal("sales_eu", created.Name);
        Assert.Equal("sales_eu", created.FullName);
        Assert.Equal(created, fetched);
        Assert.True(created.CreatedAt > 0);
    }

    [Fact]
    public async Task Creating_an_existing_catalog_answers_409_RESOURCE_ALREADY_EXISTS()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateCatalogAsync(_tenant, "sales");

        var error = await (await emulator.Http.CreateCatalogAsync(_tenant, "SALES"))
            .ShouldFailAsync(409, ConnectorErrorCodes.ResourceAlreadyExists);

        Assert.Equal("Catalog 'sales' already exists", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a.b")]
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("a\u0001b")]
    [InlineData("a\u007fb")]
    public async Task Invalid_catalog_names_answer_400_with_the_Databricks_message(string name)
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var error = await (await emulator.Http.CreateCatalogAsync(_tenant, name))
            .ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);

        Assert.EndsWith(
            "is not a valid name. Valid names cannot contain spaces, periods, forward slashes, or control characters.",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_names_longer_than_255_characters_are_refused()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var longest = await emulator.Http.CreateCatalogAsync(_tenant, new string('a', 255));
        var tooLong = await emulator.Http.CreateCatalogAsync(_tenant, new string('b', 256));

        await longest.ReadAsync<CatalogInfo>();
        await tooLong.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Fact]
    public async Task Getting_a_missing_catalog_answers_404_CATALOG_DOES_NOT_EXIST()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var error = await (await emulator.Http.GetCatalogAsync(_tenant, "nowhere"))
            .ShouldFailAsync(404, ConnectorErrorCodes.CatalogDoesNotExist);

        Assert.Equal("Catalog 'nowhere' does not exist.", error.Message);
    }

    [Fact]
    public async Task Deleted_catalog_answers_empty_object_and_is_gone_afterwards()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateCatalogAsync(_tenant, "sales");

        var deleted = await emulator.Http.DeleteAsync($"{ConnectorRoutes.Catalogs}/sales?tenant_id={_tenant}");

        Assert.Equal(200, (int)deleted.StatusCode);
        Assert.Equal("{}", await deleted.Content.ReadAsStringAsync());
        await (await emulator.Http.GetCatalogAsync(_tenant, "sales")).ShouldFailAsync(404, ConnectorErrorCodes.CatalogDoesNotExist);
    }

    [Fact]
    public async Task Deleting_a_missing_catalog_answers_404()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.DeleteAsync($"{ConnectorRoutes.Catalogs}/nowhere?tenant_id={_tenant}");

        await response.ShouldFailAsync(404, ConnectorErrorCodes.CatalogDoesNotExist);
    }
}
