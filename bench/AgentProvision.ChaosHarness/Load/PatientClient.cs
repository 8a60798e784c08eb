using System.Net.Http.Headers;
using System.Text.Json;

namespace AgentProvision.ChaosHarness.Load;

/// <summary>
/// A client of the API that behaves as a well-written real one: a 5xx or no answer is retried (after <c>Retry-After</c>
/// when given, otherwise with a growing pause) until a budget runs out; a 2xx is accepted; a 4xx is final.
/// </summary>
public sealed class PatientClient(HttpClient http, ClientStats stats, TimeSpan retryBudget)
{
    public static HttpClient NewHttp(Uri api) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
        MaxConnectionsPerServer = 64,
    })
    {
        BaseAddress = api,
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>The accepted answer's JSON body, or null when the request was rejected or never accepted within the budget.</summary>
    public async Task<JsonElement?> SendAsync(Func<HttpRequestMessage> request, string? bearer, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + retryBudget;
        var pause = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            stats.Request();
            TimeSpan? retryAfter = null;
            try
            {
                using var message = request();
                if (bearer is not null)
                {
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                }

                using var response = await http.SendAsync(message, cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return JsonDocument.Parse(body).RootElement.Clone();
                }

                if ((int)response.StatusCode < 500)
                {
                    stats.Reject($"{message.Method} {message.RequestUri} answered {(int)response.StatusCode}: {body}");
                    return null;
                }

                stats.RetriedRefusal();
                retryAfter = response.Headers.RetryAfter?.Delta;
            }
            catch (HttpRequestException)
            {
                stats.RetriedTransportError();
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                stats.RetriedTransportError();
            }

            if (DateTime.UtcNow + pause > deadline)
            {
                stats.GiveUp();
                return null;
            }

            await Task.Delay(retryAfter ?? pause, cancellationToken);
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 2000));
        }
    }
}
