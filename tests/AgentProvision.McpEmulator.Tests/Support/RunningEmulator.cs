using System.Net.Http.Headers;
using AgentProvision.Contracts.Connector;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AgentProvision.McpEmulator.Tests.Support;

/// <summary>
/// One emulator per test, started exactly as other test projects will start it: port 0 on loopback, real HTTP.
/// Each test owning its emulator keeps fault rules and counters from leaking between tests that run in parallel.
/// </summary>
internal sealed class RunningEmulator : IAsyncDisposable
{
    public const string ApiKeySetting = "Emulator:ApiKey";

    private bool _stopped;

    private RunningEmulator(WebApplication app, Uri baseAddress, HttpClient http)
    {
        App = app;
        BaseAddress = baseAddress;
        Http = http;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>A client on the emulator; it sends the configured API key as the original client does (Bearer), if any.</summary>
    public HttpClient Http { get; }

    public static async Task<RunningEmulator> StartAsync(
        IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        // Quiet by default: dozens of emulators logging every call would bury a failure's output.
        var allSettings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            allSettings[key] = value;
        }

        var app = EmulatorHost.Build([], allSettings, configure);
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();

        var baseAddress = new Uri(app.Urls.Single());
        var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15) };
        if (allSettings.GetValueOrDefault(ApiKeySetting) is { Length: > 0 } apiKey)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(ConnectorRoutes.AuthorizationScheme, apiKey);
        }

        return new RunningEmulator(app, baseAddress, http);
    }

    /// <summary>An emulator whose runs, timestamps and durations follow <paramref name="clock"/>.</summary>
    public static Task<RunningEmulator> StartAsync(ManualClock clock, IDictionary<string, string?>? settings = null)
        => StartAsync(settings, builder => builder.Services.AddSingleton<TimeProvider>(clock));

    /// <summary>Stops the server; safe to call before <see cref="DisposeAsync"/>, which then only cleans up.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await App.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await StopAsync();
        await App.DisposeAsync();
    }
}
