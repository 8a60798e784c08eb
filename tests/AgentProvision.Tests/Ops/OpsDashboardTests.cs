using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AgentProvision.Tests.Ops;

/// <summary>
/// The operators' dashboard in a real browser (Debian's chromium, driven by Playwright; never a downloaded browser),
/// against an API on Kestrel at a real port, with the fixture's worker, broker and emulator behind it.
/// </summary>
public sealed class OpsDashboardTests(SystemFixture system) : SystemTest(system)
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string Password = "correct-horse-1";
    private static readonly TimeSpan UiTimeout = TimeSpan.FromSeconds(30);
    private readonly string operatorEmail = $"ops-{Guid.NewGuid():N}@example.com";
    private ApiFactory? opsApi;
    private Uri baseUri = null!;
    private IPlaywright? playwright;
    private IBrowser? browser;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.True(File.Exists(ChromiumPath),
            $"The ops dashboard test drives Debian's chromium at {ChromiumPath}, which is missing: install it with `apt-get install -y chromium` " +
            "(.ci/run and ./dev.sh test do).");

        opsApi = new ApiFactory(Fixture.ApiSettings(
            ("Ops:Operators", operatorEmail),
            ("Ops:DashboardInterval", "00:00:00.500"),
            ("RabbitMq:Uri", Fixture.WorkerSettings()["RabbitMq:Uri"]),
            ("RabbitMq:Prefix", Fixture.RabbitPrefix)));
        opsApi.UseKestrel(0);
        opsApi.StartServer();
        var address = opsApi.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        baseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public override async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (opsApi is not null)
        {
            await opsApi.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task An_operator_watches_notebooks_sync_live_sees_a_failure_and_retries_it_to_synced_and_a_tenant_is_refused()
    {
        using var http = new HttpClient { BaseAddress = baseUri };
        await RegisterAsync(http, operatorEmail);
        var tenant = await RegisterTenantAsync(http);

        // No token: 401 on the data, on the stream and on the actions; a tenant's token: 403.
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/ops/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/ops/events")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync($"/ops/events?access_token={tenant.AccessToken}")).StatusCode);
        using (var forbidden = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ops/resources/retry-failed"))
        {
            forbidden.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tenant.AccessToken);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(forbidden)).StatusCode);
        }

        // The token in the query is accepted on the event stream only.
        var operatorToken = await LoginAsync(http, operatorEmail);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/v1/ops/dashboard?access_token={operatorToken}")).StatusCode);

        // A tenant signs in on the page: "operators only".
        await using (var tenantContext = await browser!.NewContextAsync())
        {
            var tenantPage = await tenantContext.NewPageAsync();
            await tenantPage.GotoAsync(new Uri(baseUri, "/ops").ToString());
            await SignInAsync(tenantPage, tenant.Email);
            await Assertions.Expect(tenantPage.Locator("#sign-in-error")).ToContainTextAsync("operators only", new() { Timeout = Ms(UiTimeout) });
            Assert.False(await tenantPage.Locator("#dashboard").IsVisibleAsync());
        }

        // The operator signs in and the page goes live.
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        await page.GotoAsync(new Uri(baseUri, "/ops").ToString());
        await SignInAsync(page, operatorEmail);
        await Assertions.Expect(page.Locator("#dashboard")).ToBeVisibleAsync(new() { Timeout = Ms(UiTimeout) });
        await Assertions.Expect(page.Locator("#status")).ToHaveTextAsync("live", new() { Timeout = Ms(UiTimeout) });
        await Assertions.Expect(page.Locator("#connector-status")).ToHaveTextAsync("healthy", new() { Timeout = Ms(UiTimeout) });
        await WaitForNumberAsync(page, "#workers-count", n => n >= 1, "no worker heartbeat shown");
        await Assertions.Expect(page.Locator("#queues tbody tr").First).ToContainTextAsync($"{Fixture.RabbitPrefix}-resource-sync",
            new() { Timeout = Ms(UiTimeout) });
        var syncedBefore = await NumberAsync(page, "#count-notebook-synced");
        var sequenceBefore = await page.Locator("#updated").TextContentAsync();

        // The numbers move with no reload: three notebooks created and synced.
        var created = new List<NotebookDto>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await tenant.Client.CreateNotebookAsync($"dash-{i}"));
        }

        foreach (var notebook in created)
        {
            await tenant.Client.WaitUntilSyncedAsync(notebook, SyncTimeout, WorkerLog);
        }

        await WaitForNumberAsync(page, "#count-notebook-synced", n => n >= syncedBefore + 3, "the synced count did not move");
        await WaitForNumberAsync(page, "#latency-count", n => n >= 3, "no create→synced latency sample");
        Assert.NotEqual(sequenceBefore, await page.Locator("#updated").TextContentAsync());
        Assert.NotEqual("–", await page.Locator("#latency-p50").TextContentAsync());

        // A notebook the connector refuses once is failed, listed with its reason; its Retry button brings it to synced.
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.create", "error", Status: 400, ErrorCode: "INVALID_PARAMETER_VALUE", Times: 1));
        var failing = await tenant.Client.CreateNotebookAsync("dash-refused");
        await tenant.Client.WaitForNotebookAsync(failing.Id, n => n.Sync.Status == "failed", SyncTimeout, WorkerLog);
        var row = page.Locator($"#failures tbody tr[data-id='{failing.Id}']");
        await Assertions.Expect(row).ToContainTextAsync("INVALID_PARAMETER_VALUE", new() { Timeout = Ms(UiTimeout) });
        await Assertions.Expect(row).ToContainTextAsync("dash-refused");
        await Assertions.Expect(row).ToContainTextAsync("notebook");
        await row.Locator("button.retry").ClickAsync();
        await tenant.Client.WaitUntilSyncedAsync(failing, SyncTimeout, WorkerLog);
        await Assertions.Expect(row).ToHaveCountAsync(0, new() { Timeout = Ms(UiTimeout) });

        // The drill-down answers the tenant's own counts.
        using var drill = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/ops/tenants/{tenant.Client.TenantId}/sync");
        drill.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        using var drillResponse = await http.SendAsync(drill);
        Assert.Equal(HttpStatusCode.OK, drillResponse.StatusCode);
        using var counts = JsonDocument.Parse(await drillResponse.Content.ReadAsStringAsync());
        var synced = counts.RootElement.GetProperty("counts").EnumerateArray()
            .Single(c => c.GetProperty("kind").GetString() == "notebook" && c.GetProperty("status").GetString() == "synced");
        Assert.Equal(4, synced.GetProperty("count").GetInt64());

        Assert.Empty(consoleErrors);
    }

    [Fact]
    public async Task Retry_all_failed_puts_every_failed_resource_back_in_line_and_they_sync()
    {
        using var http = new HttpClient { BaseAddress = baseUri };
        await RegisterAsync(http, operatorEmail);
        var operatorToken = await LoginAsync(http, operatorEmail);
        var tenant = await RegisterTenantAsync(http);
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.create", "error", Status: 400, ErrorCode: "INVALID_PARAMETER_VALUE", Times: 2));
        var first = await tenant.Client.CreateNotebookAsync("bulk-1");
        await tenant.Client.WaitForNotebookAsync(first.Id, n => n.Sync.Status == "failed", SyncTimeout, WorkerLog);
        var second = await tenant.Client.CreateNotebookAsync("bulk-2");
        await tenant.Client.WaitForNotebookAsync(second.Id, n => n.Sync.Status == "failed", SyncTimeout, WorkerLog);

        using var retry = new HttpRequestMessage(HttpMethod.Post, "/api/v1/ops/resources/retry-failed");
        retry.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        using var answer = await http.SendAsync(retry);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var body = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("requeued").GetProperty("notebook").GetInt32() >= 2, body.RootElement.ToString());

        await tenant.Client.WaitUntilSyncedAsync(first, SyncTimeout, WorkerLog);
        await tenant.Client.WaitUntilSyncedAsync(second, SyncTimeout, WorkerLog);

        // A resource that is not failed is refused; an unknown kind is 404.
        using var again = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/ops/resources/notebook/{first.Id}/retry");
        again.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        Assert.Equal(HttpStatusCode.Conflict, (await http.SendAsync(again)).StatusCode);
        using var unknown = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/ops/resources/spreadsheet/{first.Id}/retry");
        unknown.Headers.Authorization = new AuthenticationHeaderValue("Bearer", operatorToken);
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(unknown)).StatusCode);
    }

    [Fact]
    public async Task Many_open_pages_share_one_snapshot_per_interval()
    {
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = Timeout.InfiniteTimeSpan };
        await RegisterAsync(http, operatorEmail);
        var operatorToken = await LoginAsync(http, operatorEmail);
        var source = opsApi!.Services.GetRequiredService<AgentProvision.Api.Ops.OpsSnapshotSource>();
        var computedBefore = source.Computed;

        // Eight pages follow the stream for three seconds (interval 0.5 s): each sees several snapshots, the database one set per interval.
        const int Pages = 8;
        var window = TimeSpan.FromSeconds(3);
        var seen = await Task.WhenAll(Enumerable.Range(0, Pages).Select(async _ =>
        {
            using var stop = new CancellationTokenSource(window);
            var sequences = new List<long>();
            try
            {
                await using var stream = await http.GetStreamAsync($"/ops/events?access_token={operatorToken}", stop.Token);
                using var reader = new StreamReader(stream);
                while (await reader.ReadLineAsync(stop.Token) is { } line)
                {
                    if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        using var snapshot = JsonDocument.Parse(line["data: ".Length..]);
                        sequences.Add(snapshot.RootElement.GetProperty("sequence").GetInt64());
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The page went away.
            }

            return sequences;
        }));

        var computed = source.Computed - computedBefore;
        Assert.All(seen, sequences => Assert.True(sequences.Count >= 3, $"a page saw only {sequences.Count} snapshots"));
        var delivered = seen.Sum(s => s.Count);
        Assert.True(computed <= (window / TimeSpan.FromMilliseconds(500)) + 3,
            $"{computed} snapshots computed for {delivered} delivered to {Pages} pages in {window}: pages must share them");
        Assert.True(seen.SelectMany(s => s).Distinct().Count() < delivered, "no two pages ever got the same snapshot");
    }

    private static float Ms(TimeSpan timeout) => (float)timeout.TotalMilliseconds;

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("#sign-in-button");
    }

    private static async Task<long> NumberAsync(IPage page, string selector) =>
        long.TryParse(await page.Locator(selector).TextContentAsync(), out var value) ? value : -1;

    private static async Task WaitForNumberAsync(IPage page, string selector, Func<long, bool> until, string failure)
    {
        var deadline = DateTime.UtcNow + UiTimeout;
        long value;
        while (!until(value = await NumberAsync(page, selector)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{failure}: {selector} shows {value}");
            await Task.Delay(100);
        }
    }

    private static async Task RegisterAsync(HttpClient http, string email)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/auth/register",
            new { tenant_name = $"Tenant {Guid.NewGuid():N}"[..20], email, password = Password });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"register answered {(int)response.StatusCode}");
    }

    private static async Task<string> LoginAsync(HttpClient http, string email)
    {
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (await login.Content.ReadFromJsonAsync<TokenDto>(Wire.Json))!.AccessToken;
    }

    private async Task<(TenantClient Client, string Email, string AccessToken)> RegisterTenantAsync(HttpClient http)
    {
        var email = $"user-{Guid.NewGuid():N}@example.com";
        await RegisterAsync(http, email);
        var token = await LoginAsync(http, email);
        var client = new HttpClient { BaseAddress = baseUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var me = await client.GetAsync("/api/v1/auth/users/me");
        var tenantId = (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tenant_id").GetGuid();
        return (new TenantClient(client, new TokenDto(token, "bearer", 0, tenantId, Guid.Empty)), email, token);
    }
}
