using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AgentProvision.Tests.Console;

/// <summary>
/// Base of the tenant console's browser tests: the API on Kestrel at a real port (with the fixture's worker, broker and
/// emulator behind it) and Debian's chromium driven by Playwright. Playwright never downloads a browser here.
/// </summary>
public abstract class ConsoleTest(SystemFixture system) : SystemTest(system)
{
    protected const string Password = "correct-horse-1";
    protected static readonly TimeSpan UiTimeout = TimeSpan.FromSeconds(40);
    private const string ChromiumPath = "/usr/bin/chromium";
    private ApiFactory? api;
    private IPlaywright? playwright;
    private readonly List<IBrowserContext> contexts = [];

    protected Uri BaseUri { get; private set; } = null!;
    protected IBrowser Browser { get; private set; } = null!;

    /// <summary>Browser errors (script errors, failed loads) of every page opened; a test ends with none.</summary>
    protected List<string> BrowserErrors { get; } = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Assert.True(File.Exists(ChromiumPath),
            $"The console tests drive Debian's chromium at {ChromiumPath}, which is missing: install it with `apt-get install -y chromium`.");

        api = new ApiFactory(Fixture.ApiSettings());
        api.UseKestrel(0);
        api.StartServer();
        var address = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));

        // Every expectation waits on the page's state up to this deadline (the live parts refresh every 1.5 s).
        Assertions.SetDefaultExpectTimeout(Ms(UiTimeout));
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    public override async Task DisposeAsync()
    {
        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }

        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (api is not null)
        {
            await api.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    protected static float Ms(TimeSpan timeout) => (float)timeout.TotalMilliseconds;

    protected void AssertNoBrowserErrors() => Assert.True(BrowserErrors.Count == 0, "The browser logged: " + string.Join("\n", BrowserErrors));

    protected string Url(string path) => new Uri(BaseUri, path).ToString();

    /// <summary>A fresh browser (its own cookies) with one page whose errors are collected.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        contexts.Add(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Ms(UiTimeout));
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                BrowserErrors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => BrowserErrors.Add(error);
        return page;
    }

    /// <summary>Registers a new tenant on the console's form; answers its e-mail address, signed in on <paramref name="page"/>.</summary>
    protected async Task<string> SignUpAsync(IPage page, string tenantName = "Console tenant")
    {
        var email = $"console-{Guid.NewGuid():N}@example.com";
        await page.GotoAsync(Url("/console/register"));
        await page.GetByLabel("Organisation (tenant) name").FillAsync(tenantName);
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password (at least 8 characters)").FillAsync(Password);
        await page.ClickAsync("#register-button");
        await ArriveAtAsync(page, "/console");
        await Assertions.Expect(page.Locator("#signed-in-as")).ToHaveTextAsync(email);
        return email;
    }

    /// <summary>The same user on the JSON API, for setting up and checking what the console shows.</summary>
    protected async Task<TenantClient> ApiClientAsync(string email)
    {
        var http = new HttpClient { BaseAddress = BaseUri };
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<TokenDto>(Wire.Json))!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return new TenantClient(http, token);
    }

    /// <summary>Waits for the console page at exactly <paramref name="path"/>; see <see cref="WaitForPageAsync"/>.</summary>
    protected Task ArriveAtAsync(IPage page, string path) =>
        WaitForPageAsync(page, "^" + System.Text.RegularExpressions.Regex.Escape(Url(path)) + "$");

    /// <summary>
    /// Waits for the page a form post leads to; on timeout the failure shows what the page said instead. It waits for the
    /// navigation to commit, not for the load event: the caller's next assertion waits for the content it needs, and a
    /// loaded CI once saw the new page reach network idle without Playwright ever reporting its load event (40 s).
    /// </summary>
    protected static async Task WaitForPageAsync(IPage page, string pathPattern)
    {
        try
        {
            await page.WaitForURLAsync(
                new System.Text.RegularExpressions.Regex(pathPattern),
                new() { Timeout = Ms(UiTimeout), WaitUntil = WaitUntilState.Commit });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Still on {page.Url} after {UiTimeout}, which says: {await page.Locator("main").InnerTextAsync()}");
        }
    }

    /// <summary>A badge of the live region reaches <paramref name="status"/> with no reload.</summary>
    protected static Task ExpectBadgeAsync(ILocator scope, string status) =>
        Assertions.Expect(scope.Locator("[data-sync-status]")).ToHaveAttributeAsync("data-sync-status", status, new() { Timeout = Ms(UiTimeout) });

    /// <summary>
    /// Writes a screenshot into the repository's docs folder when <c>AP_WRITE_SCREENSHOTS=1</c> (the README's picture);
    /// CI leaves it unset so test runs never change the tree.
    /// </summary>
    protected static async Task WriteScreenshotAsync(IPage page, string fileName)
    {
        if (Environment.GetEnvironmentVariable("AP_WRITE_SCREENSHOTS") != "1")
        {
            return;
        }

        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AgentProvision.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory.FullName, "docs", fileName), FullPage = true });
    }
}
