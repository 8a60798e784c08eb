using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentProvision.Datasets.Storage;

public static class DatasetStorageRegistration
{
    /// <summary>
    /// Dataset storage on the local file system, validated at start. The original system's <c>DATA_STORAGE_PATH</c>
    /// still names the root when <c>Storage:Root</c> is not set.
    /// </summary>
    public static IHostApplicationBuilder AddDatasetStorage(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration[$"{DatasetStorageOptions.Section}:Root"] is null
            && Environment.GetEnvironmentVariable("DATA_STORAGE_PATH") is { } originalRoot)
        {
            builder.Configuration.AddInMemoryCollection([new($"{DatasetStorageOptions.Section}:Root", originalRoot)]);
        }

        builder.Services.AddOptions<DatasetStorageOptions>()
            .Bind(builder.Configuration.GetSection(DatasetStorageOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IDatasetStorage>(services =>
            new LocalDatasetStorage(services.GetRequiredService<IOptions<DatasetStorageOptions>>().Value));
        return builder;
    }
}
