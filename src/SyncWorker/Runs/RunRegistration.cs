using AgentProvision.Persistence.Entities;
using AgentProvision.SyncWorker.Sync;

namespace AgentProvision.SyncWorker.Runs;

public static class RunRegistration
{
    /// <summary>
    /// Runs: a kind on the shared sync path (its provisioner submits and cancels), the run status poller, and the discovery
    /// of runs started by pipeline schedules, with their settings (sections <c>Runs:Polling</c>, <c>Runs:Discovery</c>)
    /// validated at start.
    /// </summary>
    public static IHostApplicationBuilder AddRunTracking(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RunPollingOptions>()
            .Bind(builder.Configuration.GetSection(RunPollingOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<ScheduledRunDiscoveryOptions>()
            .Bind(builder.Configuration.GetSection(ScheduledRunDiscoveryOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddResourceKind<Run, RunProvisioner>();
        builder.Services.AddScoped<RunSubmitStore>();
        builder.Services.AddScoped<RunTargets>();
        builder.Services.AddSingleton<IdempotencyEvidence>();
        builder.Services.AddSingleton<RunTrackingMetrics>();
        builder.Services.AddHostedService<RunStatusPoller>();
        builder.Services.AddHostedService<ScheduledRunDiscovery>();
        return builder;
    }
}
