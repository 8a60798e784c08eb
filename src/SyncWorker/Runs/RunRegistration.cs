namespace AgentProvision.SyncWorker.Runs;

/// <summary>Stub: replaced by the runs work.</summary>
public static class RunRegistration
{
    public static IHostApplicationBuilder AddRunTracking(this IHostApplicationBuilder builder) => builder;
}
