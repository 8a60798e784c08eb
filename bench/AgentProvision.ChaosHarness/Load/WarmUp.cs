using System.Net.Http.Json;
using System.Text.Json;

namespace AgentProvision.ChaosHarness.Load;

/// <summary>
/// One notebook executed end to end before the faults start, in a tenant of its own that the counts leave out.
/// Besides warming every part (as dev.sh's smoke check does), it gives the worker what a system in service always
/// has: a submit answer that echoed the idempotency token. Without that evidence the worker refuses, by design, to
/// resend a run submit whose answer was lost (RUN_OUTCOME_UNKNOWN), so on a brand-new database a fault on the very
/// first submits would fail those runs; <c>--no-warmup</c> shows exactly that.
/// </summary>
public static class WarmUp
{
    public static async Task RunAsync(Uri api, ChaosOptions options, Action<string> log, CancellationToken cancellationToken)
    {
        using var http = PatientClient.NewHttp(api);
        var client = new PatientClient(http, new ClientStats(), options.ClientRetryBudget);
        var token = (await client.SendAsync(() => Json("/api/v1/auth/register",
                new { tenant_name = "Chaos warm-up", email = $"warmup-{Guid.NewGuid():N}@example.com", password = "chaos-password-1" }), null, cancellationToken))
            ?.GetProperty("access_token").GetString() ?? throw new InvalidOperationException("warm-up: could not register");
        var notebook = await client.SendAsync(() => Json("/api/v1/notebooks", new { name = "warm-up", language = "PYTHON", content = "print(1)" }), token, cancellationToken)
            ?? throw new InvalidOperationException("warm-up: notebook refused");
        var notebookId = notebook.GetProperty("id").GetString();

        // Even without faults, a first submit can outlast the one-second attempt timeout on a busy machine (JIT, cold
        // pools); that run then fails as RUN_OUTCOME_UNKNOWN, so the warm-up tries again with a new run.
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var run = await client.SendAsync(() => Json($"/api/v1/notebooks/{notebookId}/execute", new { }), token, cancellationToken)
                ?? throw new InvalidOperationException("warm-up: execute refused");
            var runId = run.GetProperty("id").GetString();
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
            while (DateTime.UtcNow < deadline)
            {
                var state = await client.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/notebooks/{notebookId}/runs/{runId}"), token, cancellationToken);
                if (state?.GetProperty("run_id").ValueKind == JsonValueKind.Number)
                {
                    log($"warm-up: a notebook was created, synced, executed and its run submitted (attempt {attempt})");
                    return;
                }

                if (state?.GetProperty("sync").GetProperty("status").GetString() == "failed")
                {
                    log($"warm-up: run {runId} failed ({state?.GetProperty("sync").GetProperty("last_error")}); trying another");
                    break;
                }

                await Task.Delay(200, cancellationToken);
            }
        }

        throw new TimeoutException("warm-up: no run was submitted in 5 attempts; see the worker logs");
    }

    private static HttpRequestMessage Json(string path, object body) =>
        new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
}
