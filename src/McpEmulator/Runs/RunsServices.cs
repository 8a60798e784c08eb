using AgentProvision.McpEmulator.Introspection;
using AgentProvision.McpEmulator.Jobs;

namespace AgentProvision.McpEmulator.Runs;

internal static class RunsServices
{
    /// <summary>Jobs and the run store they share with notebook executions; durations from <c>Emulator:Runs</c>, checked at start.</summary>
    public static WebApplicationBuilder AddJobsAndRuns(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RunOptions>()
            .Bind(builder.Configuration.GetSection(RunOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddEmulatorState<JobStore>();
        builder.Services.AddEmulatorState<RunStore>();
        builder.Services.AddEmulatorState<RunBehaviour>();
        return builder;
    }
}
