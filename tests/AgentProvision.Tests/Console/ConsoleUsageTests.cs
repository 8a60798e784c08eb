using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace AgentProvision.Tests.Console;

public sealed class ConsoleUsageTests(SystemFixture system) : ConsoleTest(system)
{
    private static readonly string[] Kinds = ["datasets", "notebooks", "pipelines"];
    private static readonly string[] Counts = ["total", "in_databricks", "pending", "syncing", "synced", "failed", "local_only"];

    [Fact]
    public async Task The_usage_widget_shows_the_same_numbers_as_the_usage_endpoint_and_follows_changes_live()
    {
        var page = await NewPageAsync();
        var email = await SignUpAsync(page);
        var api = await ApiClientAsync(email);

        // Two synced notebooks and one the connector refuses (failed, so an oldest unsynced change), and a dataset.
        var first = await api.CreateNotebookAsync("one");
        var second = await api.CreateNotebookAsync("two");
        await api.WaitUntilSyncedAsync(first, SyncTimeout, WorkerLog);
        await api.WaitUntilSyncedAsync(second, SyncTimeout, WorkerLog);
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("notebooks.create", "error", Status: 400, ErrorCode: "INVALID_PARAMETER_VALUE", Times: 1));
        var refused = await api.CreateNotebookAsync("refused");
        await api.WaitForNotebookAsync(refused.Id, n => n.Sync.Status == "failed", SyncTimeout, WorkerLog);
        await Fixture.Emulator.ClearFaultsAsync();
        var dataset = await api.UploadAsync("a,b\n1,2\n", "numbers");
        await api.WaitUntilDatasetSyncedAsync(dataset, SyncTimeout, WorkerLog);

        // The page was open all along: the widget catches up by itself.
        await Assertions.Expect(page.Locator("#usage-notebooks-total")).ToHaveTextAsync("3");
        await Assertions.Expect(page.Locator("#usage-notebooks-failed")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("#usage-datasets-synced")).ToHaveTextAsync("1");

        var (_, usage) = await api.SendAsync(HttpMethod.Get, "/api/v1/databricks/usage");
        foreach (var kind in Kinds)
        {
            var resources = usage.GetProperty("resources").GetProperty(kind);
            foreach (var count in Counts)
            {
                await Assertions.Expect(page.Locator($"#usage-{kind}-{count}"))
                    .ToHaveTextAsync(resources.GetProperty(count).GetInt64().ToString(CultureInfo.InvariantCulture));
            }

            var percentage = usage.GetProperty("sync_percentage").GetProperty(kind).GetDouble();
            await Assertions.Expect(page.Locator($"#usage-{kind}-percentage")).ToHaveTextAsync(percentage.ToString("0.0", CultureInfo.InvariantCulture));

            var oldest = resources.GetProperty("oldest_unsynced_change_at");
            var shown = page.Locator($"#usage-{kind}-oldest time");
            if (oldest.ValueKind == JsonValueKind.Null)
            {
                await Assertions.Expect(shown).ToHaveCountAsync(0);
            }
            else
            {
                var datetime = await shown.GetAttributeAsync("datetime");
                Assert.Equal(oldest.GetDateTimeOffset(), DateTimeOffset.Parse(datetime!, CultureInfo.InvariantCulture));
            }
        }

        Assert.Equal("66.7", await page.Locator("#usage-notebooks-percentage").TextContentAsync());
        AssertNoBrowserErrors();
    }
}
