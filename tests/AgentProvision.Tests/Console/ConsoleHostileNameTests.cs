using Microsoft.Playwright;

namespace AgentProvision.Tests.Console;

public sealed class ConsoleHostileNameTests(SystemFixture system) : ConsoleTest(system)
{
    private const string Hostile = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">";

    [Fact]
    public async Task Names_with_markup_are_shown_as_text_and_never_run()
    {
        var page = await NewPageAsync();
        var dialogs = 0;
        page.Dialog += async (_, dialog) =>
        {
            dialogs++;
            await dialog.DismissAsync();
        };
        await SignUpAsync(page, Hostile);
        var response = await page.GotoAsync(Url("/console/notebooks"));
        // Defence in depth: even markup that escaped encoding could not run a script of its own.
        Assert.Contains("script-src 'self'", (await response!.AllHeadersAsync())["content-security-policy"], StringComparison.Ordinal);
        await page.GetByLabel("Name").FillAsync(Hostile);
        await page.GetByLabel("Description (optional)").FillAsync(Hostile);
        await page.GetByLabel("Code").FillAsync("</textarea><script>window.__pwned=3</script>");
        await page.ClickAsync("#create-button");
        await WaitForPageAsync(page, "/console/notebooks/[0-9a-f-]{36}$");

        // The detail page: the title is the text itself, the code comes back exactly as typed.
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(Hostile);
        await Assertions.Expect(page.GetByLabel("Code")).ToHaveValueAsync("</textarea><script>window.__pwned=3</script>");

        // The list, rendered by the page and again by the live refresh.
        await page.GotoAsync(Url("/console/notebooks"));
        var link = page.Locator("#notebooks tbody a").First;
        await Assertions.Expect(link).ToHaveTextAsync(Hostile);
        var refreshed = await page.Locator("#notebooks tbody").GetAttributeAsync("data-refreshed");
        await page.WaitForFunctionAsync(
            $"() => document.querySelector('#notebooks tbody').dataset.refreshed !== {(refreshed is null ? "undefined" : $"'{refreshed}'")}");
        await Assertions.Expect(link).ToHaveTextAsync(Hostile);

        // A dataset with a hostile name and hostile cell values (uploaded through the console's own form).
        await page.GotoAsync(Url("/console/datasets"));
        await page.GetByLabel("Name").FillAsync(Hostile);
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "x.csv", MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("name,\"<b>col</b>\"\n\"<img src=x onerror=window.__pwned=4>\",1\n"),
        });
        await page.ClickAsync("#upload-button");
        await WaitForPageAsync(page, "/console/datasets/[0-9a-f-]{36}$");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(Hostile);
        await Assertions.Expect(page.Locator("#preview tbody")).ToContainTextAsync("<img src=x onerror=window.__pwned=4>");
        await Assertions.Expect(page.Locator("#preview thead")).ToContainTextAsync("<b>col</b>");

        Assert.Equal(0, await page.Locator("main script, main img, main b").CountAsync());
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
        Assert.Equal(0, dialogs);
        AssertNoBrowserErrors();
    }
}
