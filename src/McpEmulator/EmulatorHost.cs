using AgentProvision.McpEmulator.Catalogs;
using AgentProvision.McpEmulator.Datasets;
using AgentProvision.McpEmulator.Faults;
using AgentProvision.McpEmulator.Health;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using AgentProvision.McpEmulator.Serving;
using AgentProvision.McpEmulator.Tenants;
using AgentProvision.McpEmulator.Vectors;
using AgentProvision.McpEmulator.Jobs;
using AgentProvision.McpEmulator.Listing;
using AgentProvision.McpEmulator.Notebooks;
using AgentProvision.McpEmulator.Runs;
using Microsoft.Extensions.Configuration.Memory;

namespace AgentProvision.McpEmulator;

/// <summary>
/// Builds the emulator so it runs the same as a process (<c>Program.cs</c>) or in-process inside another test run:
/// add <c>http://127.0.0.1:0</c> to <c>app.Urls</c>, <c>StartAsync</c>, then read the bound address back from <c>app.Urls</c>.
/// </summary>
public static class EmulatorHost
{
    /// <summary>One line per connector call is the emulator's story; ASP.NET Core's own per-request lines only bury it.</summary>
    private static readonly Dictionary<string, string?> QuietFrameworkLogs = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--Emulator:ApiKey=…</c>).</param>
    /// <param name="settings">In-memory configuration that wins over arguments and environment variables.</param>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? settings = null)
        => Build(args, settings, configure: null);

    /// <param name="configure">A last look at the builder before it is built, e.g. to add a logging provider in tests.</param>
    public static WebApplication Build(
        string[] args, IDictionary<string, string?>? settings, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // In-process the entry assembly is the test host; name the app after the emulator instead.
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
        });
        // Lowest priority, so appsettings, environment, arguments and settings can all override it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietFrameworkLogs });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddEmulatorServices();
        builder.AddDatasets();
        builder.AddServing();
        builder.AddVectors();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseSeedServerAnswersForMissingRoutes();
        // Routing runs first so the connector middleware knows which operation a request is before the handler runs.
        app.UseRouting();
        app.UseMiddleware<ConnectorCallMiddleware>();

        app.MapHealthApi();
        app.MapCatalogsApi();
        app.MapDatasetsApi();
        app.MapServingApi();
        app.MapVectorsApi();
        app.MapNotebooksApi();
        app.MapNotebookRunsApi();
        app.MapJobsApi();
        app.MapListingApi();
        app.MapRunsApi();
        app.MapFaultsApi();
        app.MapIntrospectionApi();
        app.MapExtensionsApi();
        app.MapRunBehaviourApi();
        app.MapScheduledRunApi();
        return app;
    }
}
