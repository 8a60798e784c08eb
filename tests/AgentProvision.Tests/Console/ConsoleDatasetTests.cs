using System.Text;
using Microsoft.Playwright;

namespace AgentProvision.Tests.Console;

public sealed class ConsoleDatasetTests(SystemFixture system) : ConsoleTest(system)
{
    private const string SalesCsv = "region,amount\nnorth,10.5\nsouth,20\nnorth,7.25\n";

    [Fact]
    public async Task An_uploaded_csv_shows_its_progress_and_its_badge_turns_synced_without_a_reload()
    {
        var page = await NewPageAsync();
        await SignUpAsync(page);
        await page.GotoAsync(Url("/console/datasets"));

        // A file with no rows is refused, its reason on the file field.
        await page.GetByLabel("Name").FillAsync("empty");
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload { Name = "empty.csv", MimeType = "text/csv", Buffer = [] });
        await page.ClickAsync("#upload-button");
        await Assertions.Expect(page.Locator("#file-error")).ToBeVisibleAsync(new() { Timeout = Ms(UiTimeout) });

        // About 400 KB over a throttled upload, so progress is seen between 0 and 100 %.
        var csv = new StringBuilder("region,amount,note\n");
        for (var i = 0; csv.Length < 400_000; i++)
        {
            csv.Append(i % 2 == 0 ? "north" : "south").Append(',').Append(i).Append(".5,row number ").Append(i).Append('\n');
        }

        var cdp = await page.Context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Network.enable");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = 150_000,
        });
        await page.GetByLabel("Name").FillAsync("big sales");
        await page.GetByLabel("CSV file").SetInputFilesAsync(new FilePayload
        {
            Name = "sales.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv.ToString()),
        });
        await page.ClickAsync("#upload-button");
        await page.WaitForFunctionAsync("() => { const p = document.getElementById('upload-progress'); return p && p.value > 0 && p.value < 100; }",
            null, new() { Timeout = Ms(UiTimeout), PollingInterval = 20 });

        // Done: the dataset's page, its badge moving to synced by itself.
        await WaitForPageAsync(page, "/console/datasets/[0-9a-f-]{36}$");
        await cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = -1,
        });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("big sales");
        await ExpectBadgeAsync(page.Locator("#sync"), "synced");
        await Assertions.Expect(page.Locator("#databricks-table")).ToContainTextAsync(".bronze.dataset_");

        // The list shows it synced too.
        await page.GotoAsync(Url("/console/datasets"));
        await ExpectBadgeAsync(page.Locator("#datasets tbody tr", new() { HasText = "big sales" }), "synced");
        // The refused upload's 400 is the only error the browser logs.
        Assert.DoesNotContain(BrowserErrors, e => !e.Contains("400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_synced_dataset_is_previewed_summarised_and_queried_and_the_page_says_where_the_query_ran()
    {
        var page = await NewPageAsync();
        var email = await SignUpAsync(page);
        var api = await ApiClientAsync(email);
        var dataset = await api.UploadAsync(SalesCsv, "sales");
        await page.GotoAsync(Url($"/console/datasets/{dataset.Id}"));
        await ExpectBadgeAsync(page.Locator("#sync"), "synced");

        // Preview and summary.
        await Assertions.Expect(page.Locator("#preview tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("amount");
        await Assertions.Expect(page.Locator("#summary")).ToContainTextAsync("12.58");

        // SQL that is not one SELECT over the dataset: the reason on the SQL field.
        await page.GetByLabel("SQL over the table dataset").FillAsync("DROP TABLE dataset");
        await page.ClickAsync("#query-button");
        await Assertions.Expect(page.Locator("#sql-error")).ToBeVisibleAsync(new() { Timeout = Ms(UiTimeout) });

        // A real query, in Databricks once synced (a timeout on a busy machine falls back to local, so ask a few times).
        for (var attempt = 0; attempt < 4; attempt++)
        {
            await page.GetByLabel("SQL over the table dataset").FillAsync(
                "SELECT region, sum(amount) AS total FROM dataset GROUP BY region ORDER BY total DESC");
            await page.ClickAsync("#query-button");
            await Assertions.Expect(page.Locator("#query-result tbody tr")).ToHaveCountAsync(2);
            if (await page.Locator("#query-source").GetAttributeAsync("data-source") == "databricks")
            {
                break;
            }
        }

        await Assertions.Expect(page.Locator("#query-source")).ToContainTextAsync("Ran in Databricks");
        await Assertions.Expect(page.Locator("#query-result tbody tr").First).ToContainTextAsync("south");
        await Assertions.Expect(page.Locator("#query-result tbody tr").First).ToContainTextAsync("20");
        await WriteScreenshotAsync(page, "console.png");
        AssertNoBrowserErrors();
    }

    [Fact]
    public async Task A_failed_dataset_shows_its_reason_is_retried_to_synced_and_is_deleted()
    {
        var page = await NewPageAsync();
        var email = await SignUpAsync(page);
        var api = await ApiClientAsync(email);
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("datasets.upload", "error", Status: 400, ErrorCode: "INVALID_PARAMETER_VALUE", Times: 1));
        var dataset = await api.UploadAsync(SalesCsv, "refused once");
        await page.GotoAsync(Url($"/console/datasets/{dataset.Id}"));

        await ExpectBadgeAsync(page.Locator("#sync"), "failed");
        await Assertions.Expect(page.Locator("[data-sync-reason]")).ToContainTextAsync("INVALID_PARAMETER_VALUE");
        await page.ClickAsync("#retry-button");
        await ExpectBadgeAsync(page.Locator("#sync"), "synced");

        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.ClickAsync("#delete-button");
        await ArriveAtAsync(page, "/console/datasets");
        await Assertions.Expect(page.Locator("#datasets tbody")).ToContainTextAsync("No datasets yet.");
        AssertNoBrowserErrors();
    }
}
