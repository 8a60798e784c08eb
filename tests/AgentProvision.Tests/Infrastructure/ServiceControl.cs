using System.Diagnostics;

namespace AgentProvision.Tests.Infrastructure;

/// <summary>
/// Real outages of the test PostgreSQL and RabbitMQ: the servers themselves are restarted (through dev.sh, which knows
/// their data folders, ports and node name: <c>AP_TEST_SERVICES</c>), not a proxy cut. Without the variable the test
/// fails and says how to run it; there is no pretend restart.
/// </summary>
public static class ServiceControl
{
    public const string Variable = "AP_TEST_SERVICES";

    /// <summary><c>pg_ctl restart -m fast</c>: every session is ended, in-flight transactions roll back.</summary>
    public static Task RestartPostgresAsync() => RunAsync("postgres-restart");

    public static Task StopRabbitMqAsync() => RunAsync("rabbitmq-stop");

    public static Task StartRabbitMqAsync() => RunAsync("rabbitmq-start");

    private static async Task RunAsync(string command)
    {
        var services = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(services))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set: this test restarts the real PostgreSQL/RabbitMQ servers. Run it with ./dev.sh test, " +
                $"or export what ./dev.sh services prints.");
        }

        using var process = Process.Start(new ProcessStartInfo("bash", ["-c", $"{services} {command}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Could not start bash.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dev.sh {command} failed ({process.ExitCode}): {await output}{await errors}");
        }
    }
}
