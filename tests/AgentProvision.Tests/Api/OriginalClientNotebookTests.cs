using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Api;

/// <summary>
/// Notebook <c>content</c> also comes as the original client's cells object (seed-contract §2.3, §4.2): a cell's source
/// is a string or a list of strings joined with "", and cells are joined with a blank line.
/// </summary>
public sealed class OriginalClientNotebookTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Cells_with_string_and_list_sources_are_stored_as_one_source_string()
    {
        var tenant = await NewTenantAsync();

        using var response = await tenant.Http.PostAsJsonAsync("/api/v1/notebooks", new
        {
            name = "Executive ARR Summary",
            content = new
            {
                cells = new object[]
                {
                    new { cell_type = "code", source = "import pandas as pd" },
                    new { cell_type = "code", source = new[] { "df = load()\n", "df.head()" } },
                },
                metadata = new { kernelspec = new { name = "python3" } },
            },
        });

        var created = await ReadNotebookAsync(response, HttpStatusCode.Created);
        const string expected = "import pandas as pd\n\ndf = load()\ndf.head()";
        Assert.Equal(expected, created.Content);
        Assert.Equal(expected, (await NotebookRowAsync(created.Id))!.Content);
    }

    [Fact]
    public async Task Put_with_cells_replaces_the_content_with_the_joined_sources()
    {
        var tenant = await NewTenantAsync();
        var notebook = await tenant.CreateNotebookAsync(content: "print('old')");

        using var response = await tenant.Http.PutAsJsonAsync($"/api/v1/notebooks/{notebook.Id}", new
        {
            name = notebook.Name,
            content = new { cells = new[] { new { source = new[] { "print(", "'new')" } }, new { source = new[] { "# end" } } } },
        });

        var updated = await ReadNotebookAsync(response, HttpStatusCode.OK);
        Assert.Equal("print('new')\n\n# end", updated.Content);
        Assert.Equal(notebook.Sync.Generation + 1, updated.Sync.Generation);
    }

    [Fact]
    public async Task A_plain_string_content_is_still_stored_as_sent()
    {
        var tenant = await NewTenantAsync();

        var created = await tenant.CreateNotebookAsync(content: "{\"cells\": []}");

        Assert.Equal("{\"cells\": []}", created.Content);
    }

    public static TheoryData<string, string> WrongShapes => new()
    {
        { "42", "'content' is a number" },
        { "[\"print(1)\"]", "'content' is a list" },
        { "{\"source\": \"print(1)\"}", "without a 'cells' list" },
        { "{\"cells\": [{\"cell_type\": \"code\"}]}", "'content.cells[0]' has no 'source'" },
        { "{\"cells\": [{\"source\": \"a\"}, {\"source\": 7}]}", "'content.cells[1].source' is a number" },
        { "{\"cells\": [{\"source\": [\"a\", null]}]}", "'content.cells[0].source' is a list with an item that is not a string" },
    };

    [Theory]
    [MemberData(nameof(WrongShapes))]
    public async Task Content_of_a_wrong_shape_answers_400_naming_content_and_the_accepted_shapes_and_persists_nothing(
        string content, string saysWhatIsWrong)
    {
        var tenant = await NewTenantAsync();

        using var response = await tenant.Http.PostAsync("/api/v1/notebooks",
            new StringContent($"{{\"name\": \"bad\", \"content\": {content}}}", Encoding.UTF8, "application/json"));

        var message = await ReadContentErrorAsync(response);
        Assert.Contains(saysWhatIsWrong, message, StringComparison.Ordinal);
        await using var db = Fixture.NewDbContext();
        Assert.Equal(0, await db.Notebooks.CountAsync(n => n.TenantId == tenant.TenantId));
    }

    [Fact]
    public async Task Put_with_content_of_a_wrong_shape_answers_400_and_leaves_the_notebook_unchanged()
    {
        var tenant = await NewTenantAsync();
        var notebook = await tenant.CreateNotebookAsync(content: "print('kept')");

        using var response = await tenant.Http.PutAsync($"/api/v1/notebooks/{notebook.Id}",
            new StringContent("{\"content\": {\"cells\": [{\"source\": true}]}}", Encoding.UTF8, "application/json"));

        await ReadContentErrorAsync(response);
        var row = await NotebookRowAsync(notebook.Id);
        Assert.Equal("print('kept')", row!.Content);
        Assert.Equal(1, row.Generation);
    }

    /// <summary>The single message under <c>errors.content</c>, which must say which shapes are accepted.</summary>
    private static async Task<string> ReadContentErrorAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<ProblemDto>(body, Wire.Json)!;
        var message = Assert.Single(Assert.Contains("content", problem.Errors!));
        Assert.Contains("must be a string, or an object {\"cells\": [{\"source\"", message, StringComparison.Ordinal);
        return message;
    }

    private static async Task<NotebookDto> ReadNotebookAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<NotebookDto>(body, Wire.Json)!;
    }
}
