namespace AgentProvision.McpEmulator.Tests.Support;

/// <summary>A clock the test moves by hand, so run life cycles are checked at exact moments instead of by sleeping.</summary>
internal sealed class ManualClock : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public long NowMs => _now.ToUnixTimeMilliseconds();

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(int milliseconds) => _now = _now.AddMilliseconds(milliseconds);
}
