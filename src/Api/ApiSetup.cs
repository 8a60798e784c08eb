using System.Text.Json;
using AgentProvision.Api.Databricks;
using AgentProvision.Api.Infrastructure;
using AgentProvision.Api.Notebooks;
using AgentProvision.Persistence;
using Microsoft.AspNetCore.Http.Json;

namespace AgentProvision.Api;

public static class ApiSetup
{
    /// <summary>JSON, problem details, options: what every endpoint relies on.</summary>
    public static IHostApplicationBuilder AddApiDefaults(this IHostApplicationBuilder builder)
    {
        // snake_case on the wire, as the original Python API spoke.
        builder.Services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DictionaryKeyPolicy = null;
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        // Binding failures (malformed JSON, wrong content type) reach the exception handler, which says what was wrong.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(services =>
        {
            using var scope = services.CreateScope();
            return new UsageQuery(scope.ServiceProvider.GetRequiredService<AppDbContext>());
        });
        builder.Services.AddOptions<RequestBodyOptions>()
            .Bind(builder.Configuration.GetSection(RequestBodyOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<NotebookOptions>()
            .Bind(builder.Configuration.GetSection(NotebookOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;
    }
}
