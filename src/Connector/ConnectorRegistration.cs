using System.Net.Http.Headers;
using AgentProvision.Contracts.Connector;
using AgentProvision.Persistence.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using AgentProvision.Connector.RateLimiting;
using Microsoft.Extensions.Configuration;

namespace AgentProvision.Connector;

public static class ConnectorRegistration
{
    /// <summary>
    /// The typed connector client with its resilience pipeline (section <c>Mcp:Client</c>), pointed at
    /// <c>Mcp:ServerUrl</c> with <c>Authorization: Bearer {Mcp:ApiKey}</c> as the original client sent it.
    /// </summary>
    public static IHostApplicationBuilder AddConnectorClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConnectorClientOptions>()
            .Bind(builder.Configuration.GetSection(ConnectorClientOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ConnectorExtensionSupport>();
        builder.Services.AddSingleton<ConnectorMetrics>();
        builder.Services.AddTransient<ConnectorCallHandler>();
        builder.Services.AddOptions<ConnectorRateLimitOptions>()
            .Bind(builder.Configuration.GetSection(ConnectorRateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ConnectorRateLimiter>();
        builder.Services.AddTransient<ConnectorRateLimitHandler>();

        var client = builder.Services.AddHttpClient<ConnectorClient>((services, http) =>
            {
                var mcp = services.GetRequiredService<IOptions<McpOptions>>().Value;
                http.BaseAddress = new Uri(mcp.ServerUrl);
                // The resilience pipeline owns timeouts; HttpClient's own would cut across its retries.
                http.Timeout = Timeout.InfiniteTimeSpan;
                if (!string.IsNullOrEmpty(mcp.ApiKey))
                {
                    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(ConnectorRoutes.AuthorizationScheme, mcp.ApiKey);
                }
            });
        // Before the resilience handler, so outside it: each call is admitted once, its quick retries are not queued again.
        if (builder.Configuration.GetValue(ConnectorRateLimitOptions.Section + ":Enabled", true))
        {
            client.AddHttpMessageHandler<ConnectorRateLimitHandler>();
        }

        client.AddResilienceHandler("connector", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<ConnectorClientOptions>>().Value;
                var metrics = context.ServiceProvider.GetRequiredService<ConnectorMetrics>();
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
                        ShouldHandle = args => ValueTask.FromResult(
                            IsRetriable(args.Context) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                    })
                    .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                    {
                        FailureRatio = 0.5,
                        MinimumThroughput = 20,
                        SamplingDuration = TimeSpan.FromSeconds(30),
                        BreakDuration = options.BreakDuration,
                        // The state as a gauge (agentprovision.connector.circuit_state): 0 closed, 1 open, 2 half-open.
                        OnOpened = _ => Record(metrics, CircuitState.Open),
                        OnHalfOpened = _ => Record(metrics, CircuitState.HalfOpen),
                        OnClosed = _ => Record(metrics, CircuitState.Closed),
                    })
                    .AddTimeout(options.AttemptTimeout);
            });
        // After the resilience handler, so inside it: every attempt is counted by operation and status.
        client.AddHttpMessageHandler<ConnectorCallHandler>();
        return builder;
    }

    private static ValueTask Record(ConnectorMetrics metrics, CircuitState state)
    {
        metrics.RecordCircuit(state);
        return ValueTask.CompletedTask;
    }

    /// <summary>A call that could make a second object when repeated after a lost answer is left to its caller's durable logic.</summary>
    private static bool IsRetriable(ResilienceContext context) =>
        context.GetRequestMessage() is not { } request
        || !request.Options.TryGetValue(ConnectorRequestOptions.NotRetriable, out var notRetriable)
        || !notRetriable;
}
