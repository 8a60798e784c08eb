namespace AgentProvision.ChaosHarness;

/// <summary>
/// The connector faults of the run, as emulator fault rules; the emulator tries them in order and the first that
/// fires wins. First a few certain ones, so even a small run meets each dangerous case on each kind's create:
/// fault-after-commit once on every create and submit operation (the object is made and kept, the answer is a 503:
/// the case that duplicates whatever is retried blindly), a hang, a 429 and a too-slow answer. Then dice over every
/// operation (<c>*</c>), about one call in five: 5xx before anything happens, 429 with <c>Retry-After</c>, timeouts
/// (a hang, and a latency beyond the worker's one-second attempt timeout whose work still happens after the client
/// gave up) and fault-after-commit.
/// </summary>
public static class FaultMix
{
    private static readonly string[] Creates =
        ["catalogs.create", "datasets.upload", "notebooks.create", "jobs.create", "notebooks.execute", "jobs.run"];

    public static IReadOnlyList<object> Rules { get; } =
    [
        .. Creates.Select(operation => Rule("after_state_change", operation, status: 503, times: 1)),
        Rule("hang", "notebooks.create", times: 1),
        Rule("throttle", "jobs.create", retryAfterSeconds: 1, times: 1),
        Rule("latency", "datasets.upload", latencyMs: 1500, times: 1),
        Rule("after_state_change", rate: 0.05, status: 503),
        Rule("error", rate: 0.04, status: 503),
        Rule("error", rate: 0.03, status: 500),
        Rule("throttle", rate: 0.05, retryAfterSeconds: 1),
        Rule("hang", rate: 0.015),
        Rule("latency", rate: 0.025, latencyMs: 1500),
    ];

    public static string Describe() =>
        "once each: after_state_change 503 on every create/submit, hang on notebooks.create, 429 on jobs.create, 1.5 s latency on datasets.upload; " +
        "then on every operation: after_state_change 503 5%, error 503 4%, error 500 3%, 429 Retry-After 1 s 5%, hang 1.5%, latency 1.5 s (> 1 s attempt timeout) 2.5%";

    private static object Rule(
        string mode, string operation = "*", double? rate = null, int? status = null, int? retryAfterSeconds = null, int? latencyMs = null, int? times = null) => new
    {
        operation,
        mode,
        rate,
        status,
        retry_after_seconds = retryAfterSeconds,
        latency_ms = latencyMs,
        times,
    };
}
