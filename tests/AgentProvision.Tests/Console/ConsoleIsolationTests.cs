using Microsoft.Playwright;

namespace AgentProvision.Tests.Console;

public sealed class ConsoleIsolationTests(SystemFixture system) : ConsoleTest(system)
{
    [Fact]
    public async Task A_second_tenant_sees_none_of_the_first_tenants_datasets_notebooks_pipelines_or_usage()
    {
        var first = await NewPageAsync();
        var firstEmail = await SignUpAsync(first, "First tenant");
        var api = await ApiClientAsync(firstEmail);
        var notebook = await api.CreateNotebookAsync("first's notebook");
        var dataset = await api.UploadAsync("a,b\n1,2\n", "first's dataset");
        var (status, pipeline) = await PostJsonAsync(api, "/api/v1/data_pipelines", """
            {"name": "first's pipeline", "config": {"tasks": [{"name": "t", "type": "python", "depends_on": [], "config": {"python_file": "dbfs:/t.py"}}]}}
            """);
        Assert.Equal(System.Net.HttpStatusCode.Created, status);
        var pipelineId = pipeline.GetProperty("id").GetGuid();
        await first.GotoAsync(Url("/console/notebooks"));
        await Assertions.Expect(first.Locator("#notebooks")).ToContainTextAsync("first's notebook");

        // The second tenant: empty lists, zero usage, and the first tenant's pages are simply not there.
        var second = await NewPageAsync();
        await SignUpAsync(second, "Second tenant");
        await Assertions.Expect(second.Locator("#usage-notebooks-total")).ToHaveTextAsync("0");
        await Assertions.Expect(second.Locator("#usage-datasets-total")).ToHaveTextAsync("0");
        await Assertions.Expect(second.Locator("#usage-pipelines-total")).ToHaveTextAsync("0");
        foreach (var (list, table) in new[] { ("/console/notebooks", "#notebooks"), ("/console/datasets", "#datasets"), ("/console/pipelines", "#pipelines") })
        {
            await second.GotoAsync(Url(list));
            await Assertions.Expect(second.Locator($"{table} tbody tr.empty")).ToHaveCountAsync(1);
            await Assertions.Expect(second.Locator(table)).Not.ToContainTextAsync("first's");
        }

        foreach (var path in new[] { $"/console/notebooks/{notebook.Id}", $"/console/datasets/{dataset.Id}", $"/console/pipelines/{pipelineId}",
                     $"/console/datasets/{dataset.Id}?handler=Sync", $"/console/notebooks/{notebook.Id}?handler=Runs" })
        {
            var response = await second.GotoAsync(Url(path));
            Assert.Equal(404, response!.Status);
            await Assertions.Expect(second.Locator("body")).Not.ToContainTextAsync("first's");
        }

        // Nor can it act on them: a delete of the first tenant's dataset (with a valid token of its own) is not found.
        await second.GotoAsync(Url("/console/notebooks"));
        var token = await second.Locator("input[name='__RequestVerificationToken']").First.GetAttributeAsync("value");
        var delete = await second.Context.APIRequest.PostAsync(Url($"/console/datasets/{dataset.Id}?handler=Delete"), new APIRequestContextOptions
        {
            Form = second.Context.APIRequest.CreateFormData().Set("__RequestVerificationToken", token!),
            MaxRedirects = 0,
        });
        Assert.Equal(404, delete.Status);
        Assert.Equal("first's dataset", (await api.GetDatasetAsync(dataset.Id)).Name);
    }

    private static async Task<(System.Net.HttpStatusCode Status, System.Text.Json.JsonElement Body)> PostJsonAsync(TenantClient api, string path, string json)
    {
        using var response = await api.Http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        return (response.StatusCode, System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
