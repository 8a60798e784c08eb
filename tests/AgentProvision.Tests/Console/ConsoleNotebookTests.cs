using AgentProvision.Tests.Runs;
using Microsoft.Playwright;

namespace AgentProvision.Tests.Console;

public sealed class ConsoleNotebookTests(SystemFixture system) : ConsoleTest(system)
{
    [Fact]
    public async Task A_notebook_is_created_edited_and_executed_with_parameters_to_success_while_the_page_follows_the_run()
    {
        using var runs = new RunEmulator(Fixture);
        await runs.ClearBehaviourAsync();
        var page = await NewPageAsync();
        var email = await SignUpAsync(page);
        await page.GotoAsync(Url("/console/notebooks"));

        // A missing name is refused on its field; the code typed is kept.
        await page.GetByLabel("Code").FillAsync("print('hello')");
        await page.ClickAsync("#create-button");
        await Assertions.Expect(page.Locator("#name-error")).ToContainTextAsync("required");
        await Assertions.Expect(page.GetByLabel("Code")).ToHaveValueAsync("print('hello')");

        await page.GetByLabel("Name").FillAsync("daily report");
        await page.GetByLabel("Language").SelectOptionAsync("PYTHON");
        await page.ClickAsync("#create-button");
        await WaitForPageAsync(page, "/console/notebooks/[0-9a-f-]{36}$");
        await ExpectBadgeAsync(page.Locator("#sync"), "synced");

        // Edit the code: a new generation, synced again; the API sees the same content.
        await page.GetByLabel("Code").FillAsync("dbutils.widgets.text('day', '')\nprint(dbutils.widgets.get('day'))");
        await page.ClickAsync("#save-button");
        await ExpectBadgeAsync(page.Locator("#sync"), "synced");
        var id = Guid.Parse(page.Url[(page.Url.LastIndexOf('/') + 1)..]);
        var api = await ApiClientAsync(email);
        var notebook = await api.GetNotebookAsync(id);
        Assert.Equal("dbutils.widgets.text('day', '')\nprint(dbutils.widgets.get('day'))", notebook.Content);
        Assert.Equal(2, notebook.Sync.Generation);

        // A parameter line that is not name=value is refused on the field.
        await page.GetByLabel("Parameters, one name=value per line (optional)").FillAsync("day 2026-11-26");
        await page.ClickAsync("#execute-button");
        await Assertions.Expect(page.Locator("#parameters-error")).ToContainTextAsync("name=value");

        await page.GetByLabel("Parameters, one name=value per line (optional)").FillAsync("day=2026-11-26");
        await page.ClickAsync("#execute-button");
        var run = page.Locator("#runs tbody tr").First;
        await Assertions.Expect(run).ToHaveAttributeAsync("data-state", "SUCCESS", new() { Timeout = Ms(UiTimeout) });
        await Assertions.Expect(run).ToContainTextAsync("2026-11-26");
        await Assertions.Expect(run.Locator("a")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^https?://"));

        // Once nothing changes, refreshes leave the table alone (its Cancel forms' fresh tokens are no change): a marker survives two refreshes.
        await page.EvaluateAsync("() => { document.querySelector('#runs').dataset.marker = 'kept'; }");
        var refreshed = await page.Locator("#runs-live").GetAttributeAsync("data-refreshed");
        await page.WaitForFunctionAsync("seen => document.querySelector('#runs-live').dataset.refreshed !== seen", refreshed);
        refreshed = await page.Locator("#runs-live").GetAttributeAsync("data-refreshed");
        await page.WaitForFunctionAsync("seen => document.querySelector('#runs-live').dataset.refreshed !== seen", refreshed);
        await Assertions.Expect(page.Locator("#runs")).ToHaveAttributeAsync("data-marker", "kept");
        AssertNoBrowserErrors();
    }
}
