using System.Net;
using System.Text.Json;

namespace AgentProvision.Tests.Databricks;

/// <summary>GET /api/v1/databricks/health and /status: the original's shapes, and never a 500 when the connector is down.</summary>
public sealed class RouterTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Health_needs_no_token_and_reports_the_connector_healthy()
    {
        var body = await GetAnonymousAsync(Fixture.Api, "/api/v1/databricks/health");

        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("mcp_enabled").GetBoolean());
        Assert.True(body.GetProperty("databricks_connected").GetBoolean());
        Assert.StartsWith("http://127.0.0.1:", body.GetProperty("mcp_server").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_and_status_answer_200_unhealthy_when_the_connector_is_down()
    {
        var tenant = await NewTenantAsync();
        Fixture.ConnectorProxy.Disable();

        var health = await GetAnonymousAsync(Fixture.Api, "/api/v1/databricks/health");
        var (code, status) = await tenant.SendAsync(HttpMethod.Get, "/api/v1/databricks/status");

        Assert.Equal("unhealthy", health.GetProperty("status").GetString());
        Assert.False(string.IsNullOrWhiteSpace(health.GetProperty("error").GetString()));
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.True(status.GetProperty("enabled").GetBoolean());
        Assert.False(status.GetProperty("mcp_server").GetProperty("healthy").GetBoolean());
        Assert.Equal("Could not check catalog status", status.GetProperty("tenant_catalog").GetProperty("error").GetString());
    }

    [Fact]
    public async Task Status_shows_the_tenant_catalog_once_initialized_and_only_the_callers()
    {
        var tenant = await NewTenantAsync();
        var other = await NewTenantAsync();
        var (_, before) = await tenant.SendAsync(HttpMethod.Get, "/api/v1/databricks/status");
        Assert.False(before.GetProperty("tenant_catalog").GetProperty("exists").GetBoolean());
        Assert.True(before.GetProperty("mcp_server").GetProperty("healthy").GetBoolean());
        Assert.True(before.GetProperty("capabilities").GetProperty("notebooks").GetBoolean());

        await tenant.SendAsync(HttpMethod.Post, "/api/v1/databricks/initialize");
        var after = await WaitForStatusAsync(tenant, s => s.GetProperty("tenant_catalog").GetProperty("exists").GetBoolean());

        var catalog = after.GetProperty("tenant_catalog");
        Assert.Equal($"agentprovision_{tenant.TenantId.ToString().Replace('-', '_')}", catalog.GetProperty("catalog_name").GetString());
        Assert.Contains("gold", catalog.GetProperty("schemas").EnumerateArray().Select(s => s.GetString()));
        var (_, otherStatus) = await other.SendAsync(HttpMethod.Get, "/api/v1/databricks/status");
        Assert.False(otherStatus.GetProperty("tenant_catalog").GetProperty("exists").GetBoolean());
    }

    [Theory]
    [InlineData("Mcp:Enabled", "false", "MCP_ENABLED is False in configuration")]
    [InlineData("Mcp:EnabledTenants", "00000000-0000-0000-0000-000000000001", "Tenant is not listed in DATABRICKS_ENABLED_TENANTS")]
    public async Task Status_says_disabled_with_the_reason_when_the_integration_is_off(string key, string value, string reason)
    {
        await using var api = new ApiFactory(Fixture.ApiSettings((key, value)));
        var tenant = await TenantClient.RegisterAsync(api);

        var (code, status) = await tenant.SendAsync(HttpMethod.Get, "/api/v1/databricks/status");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.False(status.GetProperty("enabled").GetBoolean());
        Assert.Equal(reason, status.GetProperty("reason").GetString());
        Assert.True(status.TryGetProperty("mcp_server_url", out _));
    }

    [Fact]
    public async Task Health_says_disabled_when_the_integration_is_off()
    {
        await using var api = new ApiFactory(Fixture.ApiSettings(("Mcp:Enabled", "false")));

        var body = await GetAnonymousAsync(api, "/api/v1/databricks/health");

        Assert.Equal("disabled", body.GetProperty("status").GetString());
        Assert.False(body.GetProperty("mcp_enabled").GetBoolean());
    }

    [Fact]
    public async Task Status_and_usage_need_a_token()
    {
        var anonymous = Fixture.Api.CreateClient();

        using var status = await anonymous.GetAsync("/api/v1/databricks/status");
        using var usage = await anonymous.GetAsync("/api/v1/databricks/usage");

        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, usage.StatusCode);
    }

    private static async Task<JsonElement> GetAnonymousAsync(ApiFactory api, string path)
    {
        using var response = await api.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<JsonElement> WaitForStatusAsync(TenantClient tenant, Func<JsonElement, bool> until)
    {
        var deadline = DateTime.UtcNow + SyncTimeout;
        JsonElement last;
        do
        {
            (_, last) = await tenant.SendAsync(HttpMethod.Get, "/api/v1/databricks/status");
            if (until(last))
            {
                return last;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"status never reached the expected state: {last}\n{WorkerLog()}");
        return last;
    }
}
