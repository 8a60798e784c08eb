namespace AgentProvision.ChaosHarness;

/// <summary>
/// The connector faults of the run, as emulator fault rules over every operation (<c>*</c>). The emulator tries the
/// rules in order and the first whose dice hit wins, so about one call in six is disturbed: 5xx before anything
/// happens, 429 with <c>Retry-After</c>, timeouts (a hang, and a latency longer than the worker's one-second attempt
/// timeout, whose work still happens after the client gave up), and fault-after-commit (the create or submit is done
/// and kept, the answer is an error: the case that makes duplicates if anything is retried blindly).
/// </summary>
public static class FaultMix
{
    public static IReadOnlyList<object> Rules { get; } =
    [
        Rule("after_state_change", rate: 0.04, status: 503),
        Rule("error", rate: 0.03, status: 503),
        Rule("error", rate: 0.02, status: 500),
        Rule("throttle", rate: 0.04, retryAfterSeconds: 1),
        Rule("hang", rate: 0.01),
        Rule("latency", rate: 0.02, latencyMs: 1500),
    ];

    public static string Describe() =>
        "after_state_change 503 4%, error 503 3%, error 500 2%, 429 Retry-After 1 s 4%, hang 1%, latency 1.5 s (> 1 s attempt timeout) 2%, on every operation";

    private static object Rule(string mode, double rate, int? status = null, int? retryAfterSeconds = null, int? latencyMs = null) => new
    {
        operation = "*",
        mode,
        rate,
        status,
        retry_after_seconds = retryAfterSeconds,
        latency_ms = latencyMs,
    };
}
