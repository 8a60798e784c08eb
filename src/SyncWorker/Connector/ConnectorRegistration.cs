using AgentProvision.Contracts.Connector;
using AgentProvision.Persistence.Sync;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace AgentProvision.SyncWorker.Connector;

public static class ConnectorRegistration
{
    public static IHostApplicationBuilder AddConnectorClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConnectorClientOptions>()
            .Bind(builder.Configuration.GetSection(ConnectorClientOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddHttpClient<ConnectorClient>((services, http) =>
            {
                var mcp = services.GetRequiredService<IOptions<McpOptions>>().Value;
                http.BaseAddress = new Uri(mcp.ServerUrl);
                // The resilience pipeline owns timeouts; HttpClient's own would cut across its retries.
                http.Timeout = Timeout.InfiniteTimeSpan;
                if (!string.IsNullOrEmpty(mcp.ApiKey))
                {
                    http.DefaultRequestHeaders.Add(ConnectorRoutes.ApiKeyHeader, mcp.ApiKey);
                }
            })
            .AddResilienceHandler("connector", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<ConnectorClientOptions>>().Value;
                pipeline
                    .AddTimeout(options.TotalTimeout)
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetryAttempts,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        Delay = options.RetryDelay,
                        MaxDelay = options.MaxRetryDelay,
                        // 429 and 503 from Databricks carry Retry-After: wait what the server asks.
                        ShouldRetryAfterHeader = true,
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = 0.5,
                        MinimumThroughput = 20,
                        SamplingDuration = TimeSpan.FromSeconds(30),
                        BreakDuration = options.BreakDuration,
                    })
                    .AddTimeout(options.AttemptTimeout);
            });
        return builder;
    }
}
