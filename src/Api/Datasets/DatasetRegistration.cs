using AgentProvision.Datasets.Storage;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Datasets;

public static class DatasetRegistration
{
    /// <summary>Dataset storage, its sweep, the query runner and the dataset settings, validated at start.</summary>
    public static IHostApplicationBuilder AddDatasets(this IHostApplicationBuilder builder)
    {
        builder.AddDatasetStorage();
        builder.Services.AddOptions<DatasetOptions>()
            .Bind(builder.Configuration.GetSection(DatasetOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatasetOptions>, DatasetOptionsValidator>();
        builder.Services.AddOptions<DatasetSweepOptions>()
            .Bind(builder.Configuration.GetSection(DatasetSweepOptions.Section))
            .Validate(options => options.Interval > TimeSpan.Zero && options.Grace >= TimeSpan.Zero, "Storage:Sweep: Interval must be positive.")
            .ValidateOnStart();
        builder.Services.AddScoped<DatasetQueryRunner>();
        builder.Services.AddSingleton<DatasetFileSweeper>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DatasetFileSweeper>());
        builder.Services.AddHostedService<DatasetQueryWarmUp>();
        return builder;
    }
}
