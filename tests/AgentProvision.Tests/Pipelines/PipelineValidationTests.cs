using System.Net;
using System.Text.Json;

namespace AgentProvision.Tests.Pipelines;

/// <summary>
/// Every rule a pipeline's config must meet is answered as a 400 validation problem with the field's path as the key
/// (e.g. <c>config.tasks[2].depends_on</c>), never a 500, and nothing is kept.
/// </summary>
public sealed class PipelineValidationTests(SystemFixture system) : SystemTest(system)
{
    private static string Notebook(string name, params string[] dependsOn) =>
        $$$"""{"name": "{{{name}}}", "type": "notebook", "depends_on": {{{JsonSerializer.Serialize(dependsOn)}}}, "config": {"notebook_path": "/Shared/{{{name}}}"}}""";

    private static string Tasks(params string[] tasks) => $$"""{"tasks": [{{string.Join(", ", tasks)}}]}""";

    private static string WithSchedule(string schedule) => $$"""{"tasks": [{{Notebook("only")}}], "schedule": {{schedule}}}""";

    [Fact]
    public async Task Task_names_must_be_unique()
    {
        await AssertRefusedAsync(Tasks(Notebook("load"), Notebook("clean"), Notebook("load")),
            "config.tasks[2].name", "'load' is also the name of config.tasks[0]; task names must be unique.");
    }

    [Theory]
    [InlineData("""{"type": "notebook", "config": {"notebook_path": "/Shared/x"}}""", "is required")]
    [InlineData("""{"name": "", "config": {"notebook_path": "/Shared/x"}}""", "is required")]
    [InlineData("""{"name": "   ", "config": {"notebook_path": "/Shared/x"}}""", "is required")]
    [InlineData("""{"name": 7, "config": {"notebook_path": "/Shared/x"}}""", "must be a string")]
    [InlineData("""{"name": "load data", "config": {"notebook_path": "/Shared/x"}}""", "may only hold letters, digits, '_' and '-'")]
    [InlineData("""{"name": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "config": {"notebook_path": "/Shared/x"}}""", "at most 100 characters; it has 101")]
    public async Task Task_needs_a_name_that_can_be_a_Databricks_task_key(string task, string message)
    {
        await AssertRefusedAsync(Tasks(task), "config.tasks[0].name", message);
    }

    [Fact]
    public async Task Dependency_must_name_a_task_of_the_pipeline()
    {
        await AssertRefusedAsync(Tasks(Notebook("extract"), Notebook("load", "extract", "ghost")),
            "config.tasks[1].depends_on", "'ghost' is not a task of this pipeline");
    }

    [Fact]
    public async Task Task_cannot_depend_on_itself()
    {
        await AssertRefusedAsync(Tasks(Notebook("extract"), Notebook("load", "load")),
            "config.tasks[1].depends_on", "Task 'load' cannot depend on itself.");
    }

    [Theory]
    [InlineData(new[] { "a:b", "b:c", "c:a" }, "a → b → c → a")]
    [InlineData(new[] { "start", "b:start,c", "c:d", "d:b", "end:d" }, "b → c → d → b")]
    public async Task Cycle_is_refused_and_named(string[] graph, string cycle)
    {
        var tasks = graph.Select(node => node.Split(':')).Select(parts => Notebook(parts[0], parts.Length > 1 ? parts[1].Split(',') : [])).ToArray();

        await AssertRefusedAsync(Tasks(tasks), "config.tasks", $"Tasks form a cycle: {cycle}");
    }

    [Theory]
    [InlineData("notebook", """{}""", "notebook_path", "is required for a notebook task")]
    [InlineData("notebook", """{"notebook_path": "etl/extract"}""", "notebook_path", "must be an absolute workspace path")]
    [InlineData("notebook", """{"notebook_path": 5}""", "notebook_path", "must be a string")]
    [InlineData("notebook", """{"notebook_path": "/Shared/x", "parameters": ["a"]}""", "parameters", "must be an object of strings")]
    [InlineData("notebook", """{"notebook_path": "/Shared/x", "parameters": {"day": 1}}""", "parameters", "'config.tasks[0].config.parameters.day' must be a string")]
    [InlineData("sql", """{"warehouse_id": "wh"}""", "query", "is required for a sql task")]
    [InlineData("sql", """{"query": "  ", "warehouse_id": "wh"}""", "query", "is required for a sql task")]
    [InlineData("sql", """{"query": "SELECT 1"}""", "warehouse_id", "is required for a sql task")]
    [InlineData("python", """{}""", "python_file", "is required for a python task")]
    [InlineData("python", """{"python_file": "load.py"}""", "python_file", "must be an absolute workspace path starting with '/' or a URI")]
    [InlineData("python", """{"python_file": "/Workspace/load.py", "parameters": "--full"}""", "parameters", "must be a list of strings")]
    [InlineData("python", """{"python_file": "/Workspace/load.py", "parameters": ["--day", 3]}""", "parameters", "'config.tasks[0].config.parameters[1]' must be a string")]
    public async Task Each_task_type_needs_its_own_fields(string type, string config, string field, string message)
    {
        await AssertRefusedAsync(Tasks($$"""{"name": "t", "type": "{{type}}", "config": {{config}}}"""), $"config.tasks[0].config.{field}", message);
    }

    [Fact]
    public async Task Task_of_every_type_with_its_fields_is_accepted()
    {
        var tenant = await NewTenantAsync();
        var config = Tasks(
            """{"name": "nb", "config": {"notebook_path": "/Users/someone@example.com/etl", "parameters": {"a": "1"}}}""",
            """{"name": "q", "type": "sql", "depends_on": ["nb"], "config": {"query": "SELECT 1", "warehouse_id": "wh"}}""",
            """{"name": "py", "type": "python", "depends_on": ["nb", "q"], "config": {"python_file": "dbfs:/jobs/load.py", "parameters": []}}""",
            """{"name": "py2", "type": "python", "depends_on": ["py"], "config": {"python_file": "s3://bucket/load.py"}}""");

        var (status, body, response) = await tenant.SendJsonAsync(HttpMethod.Post, PipelineClient.Route, PipelineClient.Body("all types", config));
        response.Dispose();

        Assert.True(status == HttpStatusCode.Created, body.ToString());
    }

    [Theory]
    [InlineData("\"spark_jar\"", "it is 'spark_jar'")]
    [InlineData("\"SQL\"", "it is 'SQL'")]
    [InlineData("3", "it is a number")]
    public async Task Unknown_task_type_is_refused(string type, string message)
    {
        await AssertRefusedAsync(Tasks($$$"""{"name": "t", "type": {{{type}}}, "config": {"notebook_path": "/Shared/x"}}"""),
            "config.tasks[0].type", $"must be one of notebook, sql, python; {message}");
    }

    [Fact]
    public async Task More_than_100_tasks_are_refused_and_100_are_accepted()
    {
        var chain = Enumerable.Range(0, 101).Select(i => i == 0 ? Notebook("t0") : Notebook($"t{i}", $"t{i - 1}")).ToArray();
        await AssertRefusedAsync(Tasks(chain), "config.tasks", "may have at most 100 tasks; it has 101");

        var tenant = await NewTenantAsync();
        var (status, body, response) = await tenant.SendJsonAsync(HttpMethod.Post, PipelineClient.Route, PipelineClient.Body("hundred", Tasks(chain[..100])));
        response.Dispose();
        Assert.True(status == HttpStatusCode.Created, body.ToString());
    }

    [Theory]
    [InlineData("0 0 2 * *", "has 5 fields, which is the Unix/crontab form")]
    [InlineData("not a cron", "Illegal characters for this position")]
    [InlineData("0 0 25 * * ?", "Hour values must be between 0 and 23")]
    [InlineData("0 0 2 * * *", "must have '?' in exactly one of day-of-month")]
    public async Task Cron_expression_must_be_valid_Quartz_syntax(string cron, string message)
    {
        await AssertRefusedAsync(WithSchedule($$"""{"quartz_cron_expression": "{{cron}}", "timezone_id": "UTC"}"""),
            "config.schedule.quartz_cron_expression", message);
    }

    [Theory]
    [InlineData("Mars/Olympus", "is not a known IANA time zone id")]
    [InlineData("Pacific Standard Time", "is a Windows time zone id; Databricks takes IANA ids; use its IANA id 'America/Los_Angeles'")]
    [InlineData("america/los_angeles", "is not spelled as the IANA id 'America/Los_Angeles'")]
    [InlineData("", "is required in a schedule")]
    public async Task Time_zone_must_be_an_IANA_id(string zone, string message)
    {
        await AssertRefusedAsync(WithSchedule($$"""{"quartz_cron_expression": "0 0 2 * * ?", "timezone_id": "{{zone}}"}"""),
            "config.schedule.timezone_id", message);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Etc/UTC")]
    [InlineData("America/Los_Angeles")]
    [InlineData("Europe/Berlin")]
    public async Task Schedule_in_an_IANA_time_zone_is_accepted(string zone)
    {
        var tenant = await NewTenantAsync();
        var config = WithSchedule($$"""{"quartz_cron_expression": "0 30 6 ? * MON-FRI", "timezone_id": "{{zone}}", "pause_status": "PAUSED"}""");

        var (status, body, response) = await tenant.SendJsonAsync(HttpMethod.Post, PipelineClient.Route, PipelineClient.Body("scheduled", config));
        response.Dispose();

        Assert.True(status == HttpStatusCode.Created, body.ToString());
    }

    [Theory]
    [InlineData("\"paused\"")]
    [InlineData("\"STOPPED\"")]
    [InlineData("true")]
    public async Task Pause_status_must_be_PAUSED_or_UNPAUSED(string pause)
    {
        await AssertRefusedAsync(WithSchedule($$"""{"quartz_cron_expression": "0 0 2 * * ?", "timezone_id": "UTC", "pause_status": {{pause}}}"""),
            "config.schedule.pause_status", "");
    }

    [Theory]
    [InlineData("5", "config")]
    [InlineData("\"tasks\"", "config")]
    [InlineData("[]", "config")]
    [InlineData("{}", "config.tasks")]
    [InlineData("""{"tasks": {}}""", "config.tasks")]
    [InlineData("""{"tasks": "extract"}""", "config.tasks")]
    [InlineData("""{"tasks": []}""", "config.tasks")]
    [InlineData("""{"tasks": [5]}""", "config.tasks[0]")]
    [InlineData("""{"tasks": [{"name": "a", "config": "notebook"}]}""", "config.tasks[0].config")]
    [InlineData("""{"tasks": [{"name": "a", "depends_on": "b", "config": {"notebook_path": "/x"}}]}""", "config.tasks[0].depends_on")]
    [InlineData("""{"tasks": [{"name": "a", "depends_on": [1], "config": {"notebook_path": "/x"}}]}""", "config.tasks[0].depends_on")]
    [InlineData("""{"tasks": [{"name": "a", "config": {"notebook_path": "/x"}}], "schedule": "daily"}""", "config.schedule")]
    [InlineData("""{"tasks": [{"name": "a", "config": {"notebook_path": "/x"}}], "schedule": {"timezone_id": "UTC"}}""", "config.schedule.quartz_cron_expression")]
    public async Task Config_of_the_wrong_shape_is_a_field_error_not_a_server_error(string config, string field)
    {
        await AssertRefusedAsync(config, field, "");
    }

    [Fact]
    public async Task Create_needs_a_name_and_a_config()
    {
        var tenant = await NewTenantAsync();

        var (status, body, response) = await tenant.SendJsonAsync(HttpMethod.Post, PipelineClient.Route, """{"description": "nothing else"}""");
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var errors = body.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _), body.ToString());
        Assert.True(errors.TryGetProperty("config", out _), body.ToString());
        await AssertNothingKeptAsync(tenant);
    }

    [Theory]
    [InlineData("""{"name": "p\u0000", "config": {"tasks": [{"name": "a", "config": {"notebook_path": "/x"}}]}}""", "name")]
    [InlineData("""{"name": "p", "config": {"tasks": [{"name": "a", "type": "sql", "config": {"query": "SELECT '\u0000'", "warehouse_id": "w"}}]}}""", "config.tasks[0].config.query")]
    [InlineData("""{"name": "p", "config": {"notes": ["fine", "\u0000"], "tasks": [{"name": "a", "config": {"notebook_path": "/x"}}]}}""", "config.notes[1]")]
    public async Task Text_with_the_NUL_character_is_refused(string body, string field)
    {
        var tenant = await NewTenantAsync();

        var (status, problem, response) = await tenant.SendJsonAsync(HttpMethod.Post, PipelineClient.Route, body);
        response.Dispose();

        Assert.True(status == HttpStatusCode.BadRequest, problem.ToString());
        Assert.Contains("U+0000", problem.GetProperty("errors").GetProperty(field)[0].GetString());
        await AssertNothingKeptAsync(tenant);
    }

    [Fact]
    public async Task Malformed_json_answers_400_saying_the_body_is_not_valid_json()
    {
        var tenant = await NewTenantAsync();

        var (status, problem, response) = await tenant.SendJsonAsync(HttpMethod.Post, PipelineClient.Route, """{"name": "p", "config": {"tasks": [""");
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("not valid JSON", problem.GetProperty("detail").GetString());
        await AssertNothingKeptAsync(tenant);
    }

    [Fact]
    public async Task Update_with_a_bad_config_is_refused_and_changes_nothing()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreatePipelineAsync();

        var (status, problem, response) = await tenant.SendJsonAsync(HttpMethod.Patch, $"{PipelineClient.Route}/{created.Id}",
            $$"""{"name": "renamed", "config": {{Tasks(Notebook("a", "b"), Notebook("b", "a"))}}}""");
        response.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Tasks form a cycle: a → b → a", problem.GetProperty("errors").GetProperty("config.tasks")[0].GetString());
        var unchanged = await tenant.GetPipelineAsync(created.Id);
        Assert.Equal(created.Name, unchanged.Name);
        Assert.Equal(1, unchanged.Sync.Generation);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        var config = Tasks(
            """{"name": "a", "type": "sql", "config": {"query": "SELECT 1"}}""",
            """{"name": "a", "type": "python", "depends_on": ["ghost"], "config": {}}""");

        var errors = await AssertRefusedAsync(config, "config.tasks[1].name", "must be unique");

        Assert.True(errors.TryGetProperty("config.tasks[0].config.warehouse_id", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("config.tasks[1].config.python_file", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("config.tasks[1].depends_on", out _), errors.ToString());
    }

    /// <summary>Posts a pipeline with <paramref name="config"/>; asserts a 400 problem with <paramref name="field"/>'s message holding <paramref name="message"/>.</summary>
    private async Task<JsonElement> AssertRefusedAsync(string config, string field, string message)
    {
        var tenant = await NewTenantAsync();

        var (status, problem, response) = await tenant.SendJsonAsync(HttpMethod.Post, PipelineClient.Route, PipelineClient.Body("refused", config));
        var contentType = response.Content.Headers.ContentType?.MediaType;
        response.Dispose();

        Assert.True(status == HttpStatusCode.BadRequest, $"answered {(int)status}: {problem}");
        Assert.Equal("application/problem+json", contentType);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {errors}");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(message, StringComparison.Ordinal));
        await AssertNothingKeptAsync(tenant);
        return errors;
    }

    private static async Task AssertNothingKeptAsync(TenantClient tenant)
    {
        var (_, list) = await tenant.SendAsync(HttpMethod.Get, PipelineClient.Route);
        Assert.Equal(0, list.GetArrayLength());
    }
}
