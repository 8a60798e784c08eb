using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Api;

/// <summary>
/// Text PostgreSQL cannot store (U+0000, lone UTF-16 surrogates), bodies that cannot be read and inputs over their
/// limits get a 4xx problem naming the field, and nothing is written.
/// </summary>
public sealed class UnstorableInputTests(SystemFixture system) : SystemTest(system)
{
    private const string ValidTask = """{"name":"load","type":"sql","depends_on":[],"config":{"query":"select 1"}}""";

    public static TheoryData<string, string, string> Bodies => new()
    {
        // endpoint, body, field the answer must name
        { "/api/v1/notebooks", """{"name":"\ud800"}""", "name" },
        { "/api/v1/notebooks", """{"name":"n","description":"x\udc00"}""", "description" },
        { "/api/v1/notebooks", """{"name":"n","content":"print(1)\u0000"}""", "content" },
        { "/api/v1/notebooks", """{"name":"n","content":{"cells":[{"source":["a","\u0000"]}]}}""", "content" },
        { "/api/v1/datasets/ingest", """{"name":"r","records":[{"a":1},{"b":"y\u0000"}]}""", "records[1].b" },
        { "/api/v1/datasets/ingest", """{"name":"r","records":[{"city":{"parts":["\ud800x"]}}]}""", "records[0].city.parts[0]" },
        { "/api/v1/datasets/ingest", """{"name":"r","records":[{"k\u0000":1}]}""", "records[0]" },
        { "/api/v1/data_pipelines", """{"name":"p","config":{"tasks":[{"name":"load","type":"sql","depends_on":[],"config":{"query":"\udfff"}}]}}""", "config.tasks[0].config.query" },
        { "/api/v1/data_pipelines", """{"name":"p","config":{"tasks":[{"name":"load","type":"sql","depends_on":[],"config":{"query":"select 1","\ud800":"v"}}]}}""", "config.tasks[0].config" },
        { "/api/v1/data_pipelines", "{\"name\":\"p\",\"config\":{\"tasks\":[" + ValidTask + "],\"schedule\":{\"quartz_cron_expression\":\"" + new string('0', 300) + "\",\"timezone_id\":\"UTC\"}}}", "config.schedule.quartz_cron_expression" },
        { "/api/v1/auth/register", """{"tenant_name":"t","email":"a@b.io","password":"\ud800-password"}""", "password" },
        // Login refuses both, so an account registered with one could never sign in.
        { "/api/v1/auth/register", """{"tenant_name":"t","email":"nul@b.io","password":"pass\u0000word"}""", "password" },
        { "/api/v1/auth/register", """{"tenant_name":"t","email":"spaces@b.io","password":"          "}""", "password" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Unstorable_or_oversized_text_answers_400_naming_the_field_and_writes_nothing(string path, string body, string field)
    {
        var tenant = await NewTenantAsync();

        using var response = await tenant.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await ReadProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.Errors?.ContainsKey(field) == true, $"no error for '{field}': {string.Join(", ", problem.Errors?.Keys.ToArray() ?? [])}");
        await AssertNothingWrittenAsync(tenant);
    }

    [Fact]
    public async Task Update_with_nul_in_content_answers_400_and_keeps_the_notebook_as_it_was()
    {
        var tenant = await NewTenantAsync();
        var notebook = await tenant.CreateNotebookAsync(content: "print('kept')");

        using var response = await tenant.Http.PatchAsync($"/api/v1/notebooks/{notebook.Id}",
            new StringContent("""{"content":"print(1)\u0000"}""", Encoding.UTF8, "application/json"));

        Assert.Contains("content", (await ReadProblemAsync(response, HttpStatusCode.BadRequest)).Errors!.Keys);
        var row = await NotebookRowAsync(notebook.Id);
        Assert.Equal(("print('kept')", 1L), (row!.Content, row.Generation));
    }

    [Fact]
    public async Task Run_parameters_with_a_lone_surrogate_or_nul_answer_400_naming_the_parameter()
    {
        var tenant = await NewTenantAsync();
        var notebook = await tenant.CreateNotebookAsync();

        using var surrogate = await tenant.Http.PostAsync($"/api/v1/notebooks/{notebook.Id}/execute",
            new StringContent("""{"parameters":{"day":"\ud800"}}""", Encoding.UTF8, "application/json"));
        using var nul = await tenant.Http.PostAsync($"/api/v1/notebooks/{notebook.Id}/execute",
            new StringContent("""{"parameters":{"day\u0000":"x"}}""", Encoding.UTF8, "application/json"));

        Assert.Contains("parameters.day", (await ReadProblemAsync(surrogate, HttpStatusCode.BadRequest)).Errors!.Keys);
        Assert.Contains("parameters", (await ReadProblemAsync(nul, HttpStatusCode.BadRequest)).Errors!.Keys);
        await using var db = Fixture.NewDbContext();
        Assert.Equal(0, await db.Runs.CountAsync(r => r.TenantId == tenant.TenantId));
    }

    [Fact]
    public async Task Query_sql_over_its_limit_answers_400_naming_sql()
    {
        var tenant = await NewTenantAsync();

        using var response = await tenant.Http.PostAsJsonAsync($"/api/v1/datasets/{Guid.NewGuid()}/query", new { sql = new string(' ', 70_000) + "select 1" });

        Assert.Contains("sql", (await ReadProblemAsync(response, HttpStatusCode.BadRequest)).Errors!.Keys);
    }

    [Fact]
    public async Task Body_in_an_unknown_charset_answers_415()
    {
        var tenant = await NewTenantAsync();
        var content = new ByteArrayContent("{\"name\":\"x\"}"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=ebcdic-xx");

        using var response = await tenant.Http.PostAsync("/api/v1/notebooks", content);

        var problem = await ReadProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("UTF-8", problem.Detail, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(tenant);
    }

    [Fact]
    public async Task Truncated_multipart_upload_and_unreadable_login_form_answer_400()
    {
        var tenant = await NewTenantAsync();
        var truncated = new ByteArrayContent("--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nx\r\n"u8.ToArray());
        truncated.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
        var noBoundary = new ByteArrayContent("--b\r\n"u8.ToArray());
        noBoundary.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data");

        using var upload = await tenant.Http.PostAsync("/api/v1/datasets/upload", truncated);
        using var login = await Fixture.Api.CreateClient().PostAsync("/api/v1/auth/login", noBoundary);

        await ReadProblemAsync(upload, HttpStatusCode.BadRequest);
        await ReadProblemAsync(login, HttpStatusCode.BadRequest);
        await AssertNothingWrittenAsync(tenant);
    }

    [Fact]
    public async Task Body_over_the_configured_limit_answers_413_naming_the_limit()
    {
        await using var api = new ApiFactory(Fixture.ApiSettings(("Api:MaxBodyBytes", "2048")));
        var tenant = await TenantClient.RegisterAsync(api);

        using var response = await tenant.Http.PostAsJsonAsync("/api/v1/notebooks", new { name = "big", description = new string('d', 3000) });

        var problem = await ReadProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("2048", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("body", problem.Errors!.Keys);
        await AssertNothingWrittenAsync(tenant);
    }

    private async Task AssertNothingWrittenAsync(TenantClient tenant)
    {
        await using var db = Fixture.NewDbContext();
        Assert.Equal(0, await db.Notebooks.CountAsync(n => n.TenantId == tenant.TenantId));
        Assert.Equal(0, await db.Datasets.CountAsync(d => d.TenantId == tenant.TenantId));
        Assert.Equal(0, await db.DataPipelines.CountAsync(p => p.TenantId == tenant.TenantId));
        Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.TenantId == tenant.TenantId));
    }

    private static async Task<ProblemDto> ReadProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemDto>(Wire.Json))!;
    }
}
