using System.Net.Http.Json;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AgentProvision.McpEmulator.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task Started_on_port_zero_the_emulator_reports_its_bound_address_in_Urls_and_the_server_features()
    {
        var app = EmulatorHost.Build([]);
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        try
        {
            var bound = new Uri(app.Urls.Single());
            var serverAddresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;

            Assert.NotEqual(0, bound.Port);
            Assert.Equal(app.Urls.Single(), serverAddresses.Single());
            using var http = new HttpClient { BaseAddress = bound };
            var health = await http.GetFromJsonAsync<ConnectorHealth>(ConnectorRoutes.Health, ConnectorJson.Options);
            Assert.True(health!.IsHealthy);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Health_answers_healthy_and_connected_as_json()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.GetAsync(ConnectorRoutes.Health);

        Assert.Equal("""{"status":"healthy","databricks_connected":true,"version":"1.0.0-emulator"}""", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_malformed_body_answers_400_in_the_Databricks_envelope()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.PostRawJsonAsync(ConnectorRoutes.Catalogs, "{not json");

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Fact]
    public async Task Invalid_settings_stop_the_emulator_at_start_with_the_setting_named()
    {
        var app = EmulatorHost.Build([], new Dictionary<string, string?> { ["Emulator:LatencyMs"] = "-5" });
        app.Urls.Add("http://127.0.0.1:0");

        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains("LatencyMs", error.Message, StringComparison.Ordinal);
        await app.DisposeAsync();
    }
}
