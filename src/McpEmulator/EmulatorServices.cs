using AgentProvision.McpEmulator.Faults;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using AgentProvision.McpEmulator.Runs;
using AgentProvision.McpEmulator.Tenants;
using Microsoft.Extensions.Options;

namespace AgentProvision.McpEmulator;

internal static class EmulatorServices
{
    public static WebApplicationBuilder AddEmulatorServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmulatorOptions>()
            .Bind(builder.Configuration.GetSection(EmulatorOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Read now, not on first use: a wrong fault rule in configuration stops start-up with a clear message.
        var startupFaults = FaultRuleSettings.Read(builder.Configuration.GetSection(FaultRuleSettings.SectionName));
        builder.Services.AddSingleton(sp => new FaultInjector(
            startupFaults, sp.GetRequiredService<IOptions<EmulatorOptions>>().Value.Seed));

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ObjectIds>();
        builder.Services.AddSingleton<ObjectLedger>();
        builder.Services.AddSingleton<CallCounter>();
        builder.Services.AddSingleton<TraceRecorder>();
        builder.Services.AddSingleton<TenantDirectory>();
        builder.Services.AddScoped<ConnectorCall>();
        builder.Services.AddSingleton<WorkspaceUrls>();
        builder.Services.AddSingleton<MissingExtensionAnswer>();
        builder.Services.AddEmulatorState<ExtensionSwitch>();
        builder.AddJobsAndRuns();

        builder.Services.ConfigureHttpJsonOptions(json => ConnectorJsonSettings.CopyTo(json.SerializerOptions));
        // Throwing lets ConnectorExceptionHandler answer a malformed body with Databricks' envelope instead of an empty 400.
        builder.Services.Configure<RouteHandlerOptions>(routing => routing.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<ConnectorExceptionHandler>();
        builder.Services.AddProblemDetails();
        return builder;
    }
}
