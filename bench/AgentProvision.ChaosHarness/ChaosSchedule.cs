using System.Diagnostics;

namespace AgentProvision.ChaosHarness;

/// <summary>One disruption done during the run: when (since the load started), what, and how long it took.</summary>
public sealed record ChaosEvent(TimeSpan At, string What, TimeSpan Took);

/// <summary>
/// The disruptions, each fired when the load has got that far (a fraction of its items sent), one after the
/// other: a worker SIGKILLed mid-work, RabbitMQ restarted, PostgreSQL restarted, and the other worker SIGKILLed.
/// The connector faults run the whole time beside them. The load waits for them too (<see cref="ReleasedAsync"/>):
/// however slow a restart is on a busy machine, every disruption starts with a good part of the load still to come,
/// rather than after a small load has long finished.
/// </summary>
public sealed class ChaosSchedule(SystemUnderChaos system, Action<string> log)
{
    /// <summary>How far past a step's own fraction the load may run before that step has started.</summary>
    private const double Lead = 0.15;

    private int started;

    // Set when the schedule ends, also by an exception (a restart that failed), so the load is never left waiting.
    private volatile bool over;

    private static readonly (double AtFraction, string Name)[] Steps =
    [
        (0.1, "kill-worker"),
        (0.3, "restart-rabbitmq"),
        (0.5, "restart-postgresql"),
        (0.7, "kill-worker"),
    ];

    public List<ChaosEvent> Done { get; } = [];

    /// <param name="sent">How far the load has got, 0..1 of its items sent: the same measure <see cref="ReleasedAsync"/>
    /// gates, so a step's own trigger is always reachable before that step has started.</param>
    /// <param name="finished">Resources answered so far, for the log.</param>
    public async Task RunAsync(Func<double> sent, Func<int> finished, int size, Stopwatch clock, Task load, CancellationToken cancellationToken)
    {
        try
        {
            await RunStepsAsync(sent, finished, size, clock, load, cancellationToken);
        }
        finally
        {
            over = true;
        }
    }

    private async Task RunStepsAsync(Func<double> sent, Func<int> finished, int size, Stopwatch clock, Task load, CancellationToken cancellationToken)
    {
        foreach (var (fraction, name) in Steps)
        {
            while (sent() < fraction && !load.IsCompleted)
            {
                await Task.Delay(100, cancellationToken);
            }

            var at = clock.Elapsed;
            var step = Stopwatch.StartNew();
            Interlocked.Increment(ref started);
            var what = name switch
            {
                "kill-worker" => system.KillAndReplaceWorker(),
                "restart-rabbitmq" => await RestartRabbitMqAsync(),
                _ => await Do(system.Postgres.RestartAsync, $"restarted PostgreSQL ({system.Postgres.Port}, stop mode {system.Postgres.StopMode})"),
            };
            Done.Add(new ChaosEvent(at, what, step.Elapsed));
            log($"chaos at {at.TotalSeconds:F1} s ({finished()} of {size} answered): {what}, took {step.Elapsed.TotalSeconds:F1} s");
        }
    }

    /// <summary>Completes once the resource at <paramref name="position"/> (0..1 of the load) may be sent.</summary>
    public async Task ReleasedAsync(double position, CancellationToken cancellationToken)
    {
        var needed = Steps.Count(s => s.AtFraction <= position - Lead);
        while (Volatile.Read(ref started) < needed && !over)
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<string> RestartRabbitMqAsync()
    {
        var (stop, start) = await system.RabbitMq.RestartAsync();
        return $"restarted RabbitMQ node {system.RabbitMq.NodeName} (down {stop.TotalSeconds:F1} s stopping + {start.TotalSeconds:F1} s starting)";
    }

    private static async Task<string> Do(Func<Task> action, string what)
    {
        await action();
        return what;
    }
}
