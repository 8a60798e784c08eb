using AgentProvision.Persistence.Outbox;
using AgentProvision.Persistence.Resilience;
using AgentProvision.Persistence.Sync;
using Npgsql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AgentProvision.Persistence;

public static class PersistenceExtensions
{
    public const string ConnectionStringName = "Postgres";

    /// <param name="builder">The host.</param>
    /// <param name="connectionDefaults">
    /// This host's defaults for the connection pool (<see cref="ConnectionDefaults"/>); a keyword the configured
    /// connection string sets itself always wins.
    /// </param>
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder, ConnectionDefaults? connectionDefaults = null)
    {
        var configured = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(configured))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not set. Set it in appsettings or the environment " +
                $"variable ConnectionStrings__{ConnectionStringName} (the dev script does this for you).");
        }

        var connectionString = (connectionDefaults ?? new ConnectionDefaults()).ApplyTo(configured);

        builder.Services.AddOptions<DatabaseRetryOptions>()
            .Bind(builder.Configuration.GetSection(DatabaseRetryOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton(_ => new SessionConnections(connectionString));
        builder.Services.AddDbContextPool<AppDbContext>((services, options) =>
        {
            var dataSource = services.GetRequiredService<NpgsqlDataSource>();
            var retry = services.GetRequiredService<IOptions<DatabaseRetryOptions>>().Value;
            // A short PostgreSQL restart is absorbed inside the request or the worker's step instead of failing it.
            // Explicit transactions must then run through RetryableTransactions (EF refuses them otherwise).
            options.UseNpgsql(dataSource, npgsql => npgsql.ExecutionStrategy(dependencies =>
                new PostgresRestartStrategy(dependencies, dataSource, retry)));
            if (services.GetService<IOutboxSignal>() is { } signal)
            {
                options.AddInterceptors(new OutboxSignalInterceptor(signal));
            }
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("postgres", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// After each commit that wrote outbox rows, NOTIFY the dispatchers (for processes that write the outbox but
    /// run no dispatcher of their own, like the API).
    /// </summary>
    public static IHostApplicationBuilder AddOutboxNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PostgresOutboxNotifier>();
        builder.Services.AddSingleton<IOutboxSignal>(services => services.GetRequiredService<PostgresOutboxNotifier>());
        builder.Services.AddHostedService(services => services.GetRequiredService<PostgresOutboxNotifier>());
        return builder;
    }

    /// <summary>
    /// Binds <see cref="McpOptions"/>, validated at start. The original system's environment names
    /// (MCP_ENABLED, MCP_SERVER_URL, MCP_API_KEY, DATABRICKS_ENABLED_TENANTS) still work.
    /// </summary>
    public static IHostApplicationBuilder AddMcpOptions(this IHostApplicationBuilder builder)
    {
        var aliases = new Dictionary<string, string?>();
        AddAlias("MCP_ENABLED", "Mcp:Enabled");
        AddAlias("MCP_SERVER_URL", "Mcp:ServerUrl");
        AddAlias("MCP_API_KEY", "Mcp:ApiKey");
        AddAlias("DATABRICKS_ENABLED_TENANTS", "Mcp:EnabledTenants");
        builder.Configuration.AddInMemoryCollection(aliases);
        builder.Services.AddOptions<McpOptions>()
            .Bind(builder.Configuration.GetSection(McpOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return builder;

        void AddAlias(string environmentName, string key)
        {
            if (Environment.GetEnvironmentVariable(environmentName) is { } value)
            {
                aliases[key] = value;
            }
        }
    }

    /// <summary>Applies pending migrations. EF takes a database lock, so concurrent callers are safe.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
    }
}
