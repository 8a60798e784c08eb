namespace AgentProvision.SyncWorker.Drift;

public static class DriftRegistration
{
    /// <summary>The periodic drift check (section <c>Drift</c>, validated at start) with one inspector per checked kind.</summary>
    public static IHostApplicationBuilder AddDriftCheck(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DriftOptions>()
            .Bind(builder.Configuration.GetSection(DriftOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<DriftMetrics>();
        builder.Services.AddSingleton<ListingPager>();
        builder.Services.AddSingleton<DriftClaims>();
        builder.Services.AddScoped<DriftMarker>();
        builder.Services.AddScoped<IDriftInspector, NotebookDriftInspector>();
        builder.Services.AddScoped<IDriftInspector, DatasetDriftInspector>();
        builder.Services.AddScoped<IDriftInspector, PipelineDriftInspector>();
        builder.Services.AddHostedService<DriftCheckService>();
        return builder;
    }
}
