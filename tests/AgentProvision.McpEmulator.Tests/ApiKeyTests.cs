using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class ApiKeyTests
{
    private const string Key = "secret-key";

    private static Task<RunningEmulator> StartWithKeyAsync()
        => RunningEmulator.StartAsync(new Dictionary<string, string?> { [RunningEmulator.ApiKeySetting] = Key });

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Connector_calls_without_the_right_key_answer_401_UNAUTHENTICATED(string? sentKey)
    {
        await using var emulator = await StartWithKeyAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        if (sentKey is not null)
        {
            http.DefaultRequestHeaders.Add(ConnectorRoutes.ApiKeyHeader, sentKey);
        }

        var response = await http.CreateCatalogAsync(ConnectorCalls.NewTenant(), "sales");

        await response.ShouldFailAsync(401, ConnectorErrorCodes.Unauthenticated);
        Assert.Empty(await http.ObjectsAsync());
    }

    [Fact]
    public async Task Connector_calls_with_the_right_key_are_answered()
    {
        await using var emulator = await StartWithKeyAsync();

        var response = await emulator.Http.CreateCatalogAsync(ConnectorCalls.NewTenant(), "sales");

        await response.ReadAsync<CatalogInfo>();
    }

    [Fact]
    public async Task Health_and_admin_routes_need_no_key()
    {
        await using var emulator = await StartWithKeyAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };

        (await http.GetAsync(ConnectorRoutes.Health)).EnsureSuccessStatusCode();
        (await http.GetAsync("/_emulator/calls")).EnsureSuccessStatusCode();
        (await http.GetAsync("/_emulator/faults")).EnsureSuccessStatusCode();
    }
}
