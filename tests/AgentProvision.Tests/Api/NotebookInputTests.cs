using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Api;

/// <summary>Bad input gets a clear 4xx problem+json answer, and nothing half-written is left behind.</summary>
public sealed class NotebookInputTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Missing_name_and_unknown_language_answer_400_with_field_errors_and_persist_nothing()
    {
        var tenant = await NewTenantAsync();

        using var response = await tenant.Http.PostAsJsonAsync("/api/v1/notebooks", new { content = "x", language = "COBOL" });

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("name", problem.Errors!.Keys);
        Assert.Contains("language", problem.Errors!.Keys);
        await AssertNothingPersistedAsync(tenant);
    }

    [Fact]
    public async Task Oversized_content_answers_413_and_persists_nothing()
    {
        var tenant = await NewTenantAsync();

        using var response = await tenant.Http.PostAsJsonAsync("/api/v1/notebooks", new { name = "big", content = new string('x', 5000) });

        var problem = await ReadProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("4096", problem.Detail, StringComparison.Ordinal);
        await AssertNothingPersistedAsync(tenant);
    }

    [Fact]
    public async Task Malformed_json_answers_400_saying_the_body_is_not_valid_json()
    {
        var tenant = await NewTenantAsync();

        using var response = await tenant.Http.PostAsync("/api/v1/notebooks",
            new StringContent("{\"name\": \"half", Encoding.UTF8, "application/json"));

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("not valid JSON", problem.Detail, StringComparison.Ordinal);
        await AssertNothingPersistedAsync(tenant);
    }

    [Fact]
    public async Task Body_that_is_not_json_answers_415_and_persists_nothing()
    {
        var tenant = await NewTenantAsync();

        using var response = await tenant.Http.PostAsync("/api/v1/notebooks", new StringContent("name=x", Encoding.UTF8, "text/plain"));

        await ReadProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        await AssertNothingPersistedAsync(tenant);
    }

    [Fact]
    public async Task Oversized_update_leaves_the_notebook_and_the_outbox_unchanged()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreateNotebookAsync(content: "small");

        using var response = await tenant.Http.PutAsJsonAsync($"/api/v1/notebooks/{created.Id}", new { content = new string('y', 5000) });

        await ReadProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        var row = await NotebookRowAsync(created.Id);
        Assert.Equal("small", row!.Content);
        Assert.Equal(1, row.Generation);
        await using var db = Fixture.NewDbContext();
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.ResourceId == created.Id));
    }

    [Fact]
    public async Task Another_tenants_notebook_answers_404_to_every_verb_and_stays_untouched()
    {
        var owner = await NewTenantAsync();
        var intruder = await NewTenantAsync();
        var notebook = await owner.CreateNotebookAsync(content: "secret");

        using var get = await intruder.Http.GetAsync($"/api/v1/notebooks/{notebook.Id}");
        using var put = await intruder.Http.PutAsJsonAsync($"/api/v1/notebooks/{notebook.Id}", new { content = "stolen" });
        using var delete = await intruder.Http.DeleteAsync($"/api/v1/notebooks/{notebook.Id}");
        using var retry = await intruder.Http.PostAsync($"/api/v1/notebooks/{notebook.Id}/retry", null);
        var list = await intruder.Http.GetFromJsonAsync<List<NotebookDto>>("/api/v1/notebooks", Wire.Json);

        foreach (var response in new[] { get, put, delete, retry })
        {
            await ReadProblemAsync(response, HttpStatusCode.NotFound);
        }

        Assert.Empty(list!);
        var row = await NotebookRowAsync(notebook.Id);
        Assert.Equal("secret", row!.Content);
        Assert.Null(row.DeletedAt);
    }

    private static async Task<ProblemDto> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return System.Text.Json.JsonSerializer.Deserialize<ProblemDto>(body, Wire.Json)!;
    }

    private async Task AssertNothingPersistedAsync(TenantClient tenant)
    {
        await using var db = Fixture.NewDbContext();
        Assert.Equal(0, await db.Notebooks.CountAsync(n => n.TenantId == tenant.TenantId));
        Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.TenantId == tenant.TenantId));
    }
}
