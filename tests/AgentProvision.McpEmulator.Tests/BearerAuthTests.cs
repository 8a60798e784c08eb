using System.Net.Http.Headers;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class BearerAuthTests
{
    private const string Key = "dev_mcp_key";

    private static Task<RunningEmulator> StartWithKeyAsync()
        => RunningEmulator.StartAsync(new Dictionary<string, string?> { [RunningEmulator.ApiKeySetting] = Key });

    [Theory]
    [InlineData(null, null)]
    [InlineData("Bearer", "wrong-key")]
    [InlineData("Basic", Key)]
    public async Task Connector_calls_without_the_right_Bearer_key_answer_401_UNAUTHENTICATED(string? scheme, string? sentKey)
    {
        await using var emulator = await StartWithKeyAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        if (scheme is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(scheme, sentKey);
        }

        var response = await http.CreateCatalogAsync(ConnectorCalls.NewTenant(), "sales");

        await response.ShouldFailAsync(401, ConnectorErrorCodes.Unauthenticated);
        Assert.Empty(await http.ObjectsAsync());
    }

    [Fact]
    public async Task The_old_X_Api_Key_header_is_not_accepted()
    {
        await using var emulator = await StartWithKeyAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", Key);

        var response = await http.CreateJobAsync(ConnectorCalls.NewTenant(), "daily");

        await response.ShouldFailAsync(401, ConnectorErrorCodes.Unauthenticated);
    }

    [Fact]
    public async Task Connector_calls_with_the_right_Bearer_key_are_answered()
    {
        await using var emulator = await StartWithKeyAsync();

        var response = await emulator.Http.CreateCatalogAsync(ConnectorCalls.NewTenant(), "sales");

        await response.ReadAsync<CatalogCreated>();
    }

    [Fact]
    public async Task Without_a_configured_key_any_caller_is_answered_like_the_original_server()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };

        await (await http.CreateCatalogAsync(ConnectorCalls.NewTenant(), "sales")).ReadAsync<CatalogCreated>();
    }

    [Fact]
    public async Task Health_and_admin_routes_need_no_key()
    {
        await using var emulator = await StartWithKeyAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };

        (await http.GetAsync(ConnectorRoutes.Health)).EnsureSuccessStatusCode();
        (await http.GetAsync("/_emulator/calls")).EnsureSuccessStatusCode();
        (await http.GetAsync("/_emulator/faults")).EnsureSuccessStatusCode();
        (await http.GetAsync("/_emulator/extensions")).EnsureSuccessStatusCode();
    }
}
