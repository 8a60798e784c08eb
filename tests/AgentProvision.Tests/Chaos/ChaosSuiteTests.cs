using AgentProvision.ChaosHarness;
using AgentProvision.ChaosHarness.Processes;
using Xunit.Abstractions;

namespace AgentProvision.Tests.Chaos;

/// <summary>
/// Issue 9's chaos suite at CI size: every resource kind through connector faults (5xx, 429 with Retry-After,
/// timeouts, fault-after-commit) while a worker is SIGKILLed twice and RabbitMQ and PostgreSQL are restarted. The
/// harness brings its own PostgreSQL and RabbitMQ on free ports, so restarting them cannot disturb the other tests;
/// the same harness runs at any size from bench/AgentProvision.Chaos.
/// Run alone: <c>dotnet test --filter Category=Chaos</c>.
/// </summary>
[Trait("Category", "Chaos")]
public sealed class ChaosSuiteTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_accepted_resource_of_every_kind_is_synced_once_through_faults_kills_and_restarts()
    {
        var options = new ChaosOptions { Size = 60, Configuration = RepoLayout.CallerConfiguration() };

        var report = await ChaosRun.RunAsync(options, line => output.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}"));

        output.WriteLine(report.ToString());
        Assert.Equal(0, report.Lost);
        Assert.Equal(0, report.Duplicated);
        Assert.All(report.Kinds, kind =>
        {
            Assert.True(kind.Accepted > 0, $"no {kind.Kind} was accepted:\n{report}");
            Assert.Equal(kind.Accepted, kind.Synced);
        });
        // The chaos really happened: two kills, two restarts, and connector faults answered (about one call in six).
        Assert.Equal(4, report.Events.Count);
        Assert.True(report.FaultsByMode.Values.Sum() > 0, report.ToString());
    }
}
