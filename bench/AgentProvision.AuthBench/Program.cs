using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

// Against a running API (run it with the login throttle raised, or the failures below are refused with 429):
//   dotnet run -c Release --project bench/AgentProvision.AuthBench -- login http://127.0.0.1:5080 200
//     logins of a registered e-mail (wrong password) and of unknown e-mails, interleaved; p50/p99 of each.
//   dotnet run -c Release --project bench/AgentProvision.AuthBench -- reads http://127.0.0.1:5080 2000
//     authenticated GETs with one token; run it once per Auth:AccountCheck:CacheFor to see what the account check costs.
var mode = args.ElementAtOrDefault(0) ?? "login";
var url = new Uri(args.ElementAtOrDefault(1) ?? "http://127.0.0.1:5080");
var count = int.Parse(args.ElementAtOrDefault(2) ?? (mode == "login" ? "200" : "2000"), System.Globalization.CultureInfo.InvariantCulture);
using var http = new HttpClient { BaseAddress = url };

var email = $"bench-{Guid.NewGuid():N}@example.com";
using (var register = await http.PostAsJsonAsync("/api/v1/auth/register", new { tenant_name = "Bench", email, password = "bench-password-1" }))
{
    register.EnsureSuccessStatusCode();
    var token = (await register.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
    http.DefaultRequestHeaders.Authorization = mode == "reads" ? new AuthenticationHeaderValue("Bearer", token) : null;
}

if (mode == "reads")
{
    var reads = new List<double>(count);
    for (var i = 0; i < count + 50; i++)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync("/api/v1/notebooks?limit=1");
        response.EnsureSuccessStatusCode();
        if (i >= 50)
        {
            reads.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    Report($"GET /api/v1/notebooks?limit=1 x{count}", reads);
    return;
}

var known = new List<double>(count);
var unknown = new List<double>(count);
for (var i = -10; i < count; i++)
{
    // Interleaved, so drift in the machine's load falls on both alike; the first ten of each warm up.
    var k = await LoginAsync(email, "wrong-password-1");
    var u = await LoginAsync($"nobody-{Guid.NewGuid():N}@example.com", "wrong-password-1");
    if (i >= 0)
    {
        known.Add(k);
        unknown.Add(u);
    }
}

Report($"login, registered e-mail, wrong password x{count}", known);
Report($"login, unknown e-mail x{count}", unknown);

async Task<double> LoginAsync(string address, string password)
{
    var started = Stopwatch.GetTimestamp();
    using var response = await http.PostAsJsonAsync("/api/v1/auth/login", new { email = address, password });
    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    if ((int)response.StatusCode != 401)
    {
        throw new InvalidOperationException($"expected 401, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    return elapsed;
}

static void Report(string what, List<double> samples)
{
    samples.Sort();
    double At(double q) => samples[Math.Min(samples.Count - 1, (int)Math.Ceiling(q * samples.Count) - 1)];
    Console.WriteLine($"{what}: p50 {At(0.50):0.00} ms, p90 {At(0.90):0.00} ms, p99 {At(0.99):0.00} ms, mean {samples.Average():0.00} ms");
}
