using System.Net;
using System.Net.Http.Json;

namespace AgentProvision.Tests.Api;

/// <summary>
/// Failed logins are throttled per client address (spraying many accounts) and per account (guessing from many
/// addresses), and the per-account limit never locks the owner out of an address they signed in from before.
/// Each test has an API of its own with the default limits, and names its clients' addresses.
/// </summary>
public sealed class LoginThrottleTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Failures_across_many_accounts_from_one_address_throttle_that_address_only()
    {
        await using var api = new ApiFactory(Fixture.ApiSettings(("Auth:LoginThrottle:MaxFailuresPerAddress", "20")));
        var http = api.CreateClient();
        var (email, password) = await RegisterAsync(http);

        for (var i = 0; i < 20; i++)
        {
            using var wrong = await LoginAsync(http, "10.0.0.1", $"sprayed-{i}-{Guid.NewGuid():N}@example.com", "Winter2026!");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var sprayer = await LoginAsync(http, "10.0.0.1", email, password);
        using var elsewhere = await LoginAsync(http, "10.0.0.2", email, password);

        await AssertThrottledAsync(sprayer, "your address");
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    [Fact]
    public async Task Guessing_one_account_from_many_addresses_blocks_new_addresses_but_not_where_the_owner_signed_in_before()
    {
        await using var api = new ApiFactory(Fixture.ApiSettings(("Auth:LoginThrottle:MaxFailuresPerAddress", "20")));
        var http = api.CreateClient();
        var (email, password) = await RegisterAsync(http);
        using var ownerBefore = await LoginAsync(http, "192.0.2.10", email, password);
        Assert.Equal(HttpStatusCode.OK, ownerBefore.StatusCode);

        // 20 failures from 20 addresses: no address and no pair reaches its own limit.
        for (var i = 0; i < 20; i++)
        {
            using var wrong = await LoginAsync(http, $"198.51.100.{i + 1}", email, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var newAddress = await LoginAsync(http, "203.0.113.7", email, password);
        using var owner = await LoginAsync(http, "192.0.2.10", email, password);

        await AssertThrottledAsync(newAddress, "this account");
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_for_one_account_from_one_address_do_not_block_the_owner_elsewhere()
    {
        await using var api = new ApiFactory(Fixture.ApiSettings(("Auth:LoginThrottle:MaxFailuresPerAddress", "20")));
        var http = api.CreateClient();
        var (email, password) = await RegisterAsync(http);

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await LoginAsync(http, "10.9.9.9", email, $"guess-{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var attacker = await LoginAsync(http, "10.9.9.9", email, password);
        using var owner = await LoginAsync(http, "10.1.1.1", email, password);

        await AssertThrottledAsync(attacker, "this address");
        Assert.Equal(HttpStatusCode.OK, owner.StatusCode);
    }

    private static async Task<(string Email, string Password)> RegisterAsync(HttpClient http)
    {
        var email = $"throttled-{Guid.NewGuid():N}@example.com";
        using var register = await http.PostAsJsonAsync("/api/v1/auth/register", new { tenant_name = "Acme", email, password = "right-password" });
        Assert.Equal(HttpStatusCode.Created, register.StatusCode);
        return (email, "right-password");
    }

    private static Task<HttpResponseMessage> LoginAsync(HttpClient http, string address, string email, string password)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add(TestClientAddress.Header, address);
        return http.SendAsync(request);
    }

    private static async Task AssertThrottledAsync(HttpResponseMessage response, string reason)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"expected 429, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        Assert.Contains(reason, body, StringComparison.Ordinal);
    }
}
