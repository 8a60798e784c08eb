using Testcontainers.PostgreSql;
using Testcontainers.RabbitMq;

namespace AgentProvision.Tests.Infrastructure;

/// <summary>
/// Where the real PostgreSQL and RabbitMQ are. The environment wins (AP_TEST_POSTGRES, AP_TEST_RABBITMQ, set by
/// <c>./dev.sh test</c> and CI); otherwise Testcontainers starts them when a Docker engine answers. There is no
/// silent fallback to an in-memory fake: without either, the run fails and says what to do.
/// </summary>
public static class TestEnvironment
{
    public const string PostgresVariable = "AP_TEST_POSTGRES";
    public const string RabbitMqVariable = "AP_TEST_RABBITMQ";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? postgres;
    private static string? rabbitMq;

    /// <summary>Connection string of a PostgreSQL server (without a database name; each fixture makes its own database).</summary>
    public static async Task<string> PostgresAsync()
    {
        await EnsureAsync();
        return postgres!;
    }

    /// <summary>amqp:// URI of a RabbitMQ broker.</summary>
    public static async Task<string> RabbitMqAsync()
    {
        await EnsureAsync();
        return rabbitMq!;
    }

    private static async Task EnsureAsync()
    {
        await Gate.WaitAsync();
        try
        {
            postgres ??= Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } pg ? pg : await StartPostgresContainerAsync();
            rabbitMq ??= Environment.GetEnvironmentVariable(RabbitMqVariable) is { Length: > 0 } mq ? mq : await StartRabbitMqContainerAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static Task<string> StartPostgresContainerAsync() => StartContainerAsync("PostgreSQL", PostgresVariable, async () =>
    {
        var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
        await container.StartAsync();
        return container.GetConnectionString();
    });

    private static Task<string> StartRabbitMqContainerAsync() => StartContainerAsync("RabbitMQ", RabbitMqVariable, async () =>
    {
        var container = new RabbitMqBuilder("rabbitmq:3.13-alpine").Build();
        await container.StartAsync();
        return container.GetConnectionString();
    });

    private static async Task<string> StartContainerAsync(string what, string variable, Func<Task<string>> start)
    {
        try
        {
            return await start();
        }
        catch (Exception exception)
        {
            throw new InvalidOperationException(
                $"No {what} for the tests: {variable} is not set and Testcontainers could not start one " +
                $"({exception.Message}). Run the tests with ./dev.sh test, which starts PostgreSQL and RabbitMQ and sets both variables.", exception);
        }
    }
}
