using AgentProvision.Tests.Runs;
using Microsoft.Playwright;

namespace AgentProvision.Tests.Console;

public sealed class ConsolePipelineTests(SystemFixture system) : ConsoleTest(system)
{
    [Fact]
    public async Task A_pipeline_with_a_dependency_and_a_schedule_is_created_from_the_form_drawn_run_and_a_run_cancelled()
    {
        using var runs = new RunEmulator(Fixture);
        var page = await NewPageAsync();
        await SignUpAsync(page);
        await page.GotoAsync(Url("/console/pipelines/new"));

        // Mistakes, each answered on its own field: an unknown dependency, a missing notebook path, a bad cron and zone.
        await page.GetByLabel("Name", new() { Exact = true }).First.FillAsync("nightly");
        await page.Locator("#config-tasks-0-name").FillAsync("ingest");
        await page.Locator("#config-tasks-1-name").FillAsync("report");
        await page.Locator("#config-tasks-1-type").SelectOptionAsync("sql");
        await page.Locator("#config-tasks-1-depends-on").FillAsync("ingset");
        await page.Locator("#config-tasks-1-config-query").FillAsync("SELECT 1");
        await page.Locator("#config-tasks-1-config-warehouse-id").FillAsync("wh-1");
        await page.GetByLabel("Quartz cron expression").FillAsync("every night");
        await page.GetByLabel("Time zone (IANA)").FillAsync("Mars/Olympus");
        await page.ClickAsync("#create-pipeline");
        await Assertions.Expect(page.Locator("#config-tasks-1-depends-on-error")).ToContainTextAsync("not a task of this pipeline");
        await Assertions.Expect(page.Locator("#config-tasks-0-config-notebook-path-error")).ToContainTextAsync("notebook");
        await Assertions.Expect(page.Locator("#config-schedule-quartz-cron-expression-error")).ToContainTextAsync("cron");
        await Assertions.Expect(page.Locator("#config-schedule-timezone-id-error")).ToContainTextAsync("time zone");
        await Assertions.Expect(page.Locator("#config-tasks-1-depends-on")).ToHaveValueAsync("ingset");

        // Fixed: created, synced as a job, drawn as two boxes and one edge.
        await page.Locator("#config-tasks-0-config-notebook-path").FillAsync("/Shared/etl/ingest");
        await page.Locator("#config-tasks-1-depends-on").FillAsync("ingest");
        await page.GetByLabel("Quartz cron expression").FillAsync("0 0 2 * * ?");
        await page.GetByLabel("Time zone (IANA)").FillAsync("Europe/Oslo");
        await page.ClickAsync("#create-pipeline");
        await WaitForPageAsync(page, "/console/pipelines/[0-9a-f-]{36}$");
        await ExpectBadgeAsync(page.Locator("#sync"), "synced");
        await Assertions.Expect(page.Locator("#dag .dag-node")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#dag .dag-edge[data-from='ingest'][data-to='report']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#dag-text li[data-task='report']")).ToContainTextAsync("runs after ingest");
        await Assertions.Expect(page.Locator("#schedule")).ToContainTextAsync("0 0 2 * * ?");
        await Assertions.Expect(page.Locator("#schedule")).ToContainTextAsync("Europe/Oslo");

        // Runs of this job stay RUNNING until cancelled, so the cancel meets a live run.
        await runs.SetBehaviourAsync(new RunBehaviourDto(Outcome: "hang"));
        try
        {
            await page.ClickAsync("#run-button");
            var run = page.Locator("#runs tbody tr").First;
            await Assertions.Expect(run).ToHaveAttributeAsync("data-state", "RUNNING", new() { Timeout = Ms(UiTimeout) });
            await run.Locator("button.cancel-run").ClickAsync();
            await Assertions.Expect(page.Locator("#runs tbody tr").First).ToHaveAttributeAsync("data-state", "CANCELED", new() { Timeout = Ms(UiTimeout) });
        }
        finally
        {
            await runs.ClearBehaviourAsync();
        }

        // The list shows it, synced.
        await page.GotoAsync(Url("/console/pipelines"));
        var row = page.Locator("#pipelines tbody tr", new() { HasText = "nightly" });
        await ExpectBadgeAsync(row, "synced");
        await Assertions.Expect(row).ToContainTextAsync("0 0 2 * * ?");
        AssertNoBrowserErrors();
    }

    [Fact]
    public async Task A_pipeline_is_created_from_json_and_a_cycle_is_named_on_the_json_field()
    {
        var page = await NewPageAsync();
        await SignUpAsync(page);
        await page.GotoAsync(Url("/console/pipelines/new"));
        await page.ClickAsync("#mode-json");
        await page.GetByLabel("Name", new() { Exact = true }).First.FillAsync("from json");
        await page.GetByLabel("Config (JSON: tasks and an optional schedule)").FillAsync("""
            {"tasks": [
              {"name": "a", "type": "python", "depends_on": ["b"], "config": {"python_file": "dbfs:/a.py"}},
              {"name": "b", "type": "python", "depends_on": ["a"], "config": {"python_file": "dbfs:/b.py"}}]}
            """);
        await page.ClickAsync("#create-pipeline");
        await Assertions.Expect(page.Locator("#config-error")).ToContainTextAsync("cycle");

        await page.GetByLabel("Config (JSON: tasks and an optional schedule)").FillAsync("""
            {"tasks": [
              {"name": "a", "type": "python", "depends_on": [], "config": {"python_file": "dbfs:/a.py"}},
              {"name": "b", "type": "python", "depends_on": ["a"], "config": {"python_file": "dbfs:/b.py"}}]}
            """);
        await page.ClickAsync("#create-pipeline");
        await WaitForPageAsync(page, "/console/pipelines/[0-9a-f-]{36}$");
        await Assertions.Expect(page.Locator("#dag .dag-edge[data-from='a'][data-to='b']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#schedule")).ToContainTextAsync("No schedule");
        AssertNoBrowserErrors();
    }
}
