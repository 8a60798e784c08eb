using System.Net;
using System.Text.Json;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Tests.Pipelines;

/// <summary>The original's data pipeline routes and shapes (seed-contract.md §2.4), our additions, and tenant isolation.</summary>
public sealed class PipelineApiTests(SystemFixture system) : SystemTest(system)
{
    [Fact]
    public async Task Create_answers_201_with_the_original_fields_the_config_as_sent_and_the_sync_block()
    {
        var tenant = await NewTenantAsync();

        var (status, body, response) = await tenant.SendJsonAsync(HttpMethod.Post, PipelineClient.Route,
            PipelineClient.Body("nightly etl", PipelineClient.EtlConfig, "Loads sales every night"));
        using var answer = response;

        Assert.Equal(HttpStatusCode.Created, status);
        foreach (var field in new[] { "name", "config", "id", "tenant_id", "description", "created_at", "updated_at", "metadata", "sync" })
        {
            Assert.True(body.TryGetProperty(field, out var _), $"missing '{field}' in {body}");
        }

        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"{PipelineClient.Route}/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("nightly etl", body.GetProperty("name").GetString());
        Assert.Equal("Loads sales every night", body.GetProperty("description").GetString());
        Assert.Equal(tenant.TenantId, body.GetProperty("tenant_id").GetGuid());
        Assert.True(JsonElementEquals(JsonDocument.Parse(PipelineClient.EtlConfig).RootElement, body.GetProperty("config")), body.GetProperty("config").ToString());
        var sync = body.GetProperty("sync");
        Assert.Equal("pending", sync.GetProperty("status").GetString());
        Assert.Equal(1, sync.GetProperty("generation").GetInt64());

        var fetched = await tenant.GetPipelineAsync(id);
        Assert.True(JsonElementEquals(JsonDocument.Parse(PipelineClient.EtlConfig).RootElement, fetched.Config), fetched.Config.ToString());
    }

    [Fact]
    public async Task Config_keys_the_original_clients_sent_beside_the_tasks_are_kept()
    {
        var tenant = await NewTenantAsync();
        const string config = """{"type": "databricks_job", "owner": "data team", "tasks": [{"name": "only", "config": {"notebook_path": "/Shared/x", "note": "kept"}}]}""";

        var created = await tenant.CreatePipelineAsync(config);

        Assert.Equal("databricks_job", created.Config.GetProperty("type").GetString());
        Assert.Equal("kept", created.Config.GetProperty("tasks")[0].GetProperty("config").GetProperty("note").GetString());
        var fetched = await tenant.GetPipelineAsync(created.Id);
        Assert.Equal("data team", fetched.Config.GetProperty("owner").GetString());
    }

    [Fact]
    public async Task List_is_newest_first_pages_with_skip_and_limit_and_hides_deleted_pipelines()
    {
        var tenant = await NewTenantAsync();
        var first = await tenant.CreatePipelineAsync(PipelineClient.SingleTask(), "first");
        var second = await tenant.CreatePipelineAsync(PipelineClient.SingleTask(), "second");
        var third = await tenant.CreatePipelineAsync(PipelineClient.SingleTask(), "third");
        var deleted = await tenant.CreatePipelineAsync(PipelineClient.SingleTask(), "deleted");
        using (var delete = await tenant.Http.DeleteAsync($"{PipelineClient.Route}/{deleted.Id}"))
        {
            Assert.True(delete.IsSuccessStatusCode);
        }

        var (_, all) = await tenant.SendAsync(HttpMethod.Get, PipelineClient.Route);
        Assert.Equal([third.Id, second.Id, first.Id], all.EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));

        var (_, page) = await tenant.SendAsync(HttpMethod.Get, $"{PipelineClient.Route}?skip=1&limit=1");
        Assert.Equal([second.Id], page.EnumerateArray().Select(p => p.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task Put_and_patch_change_only_the_given_fields_and_only_a_real_change_is_a_new_generation()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreatePipelineAsync(PipelineClient.EtlConfig, "etl", "first description");

        var renamed = await tenant.UpdatePipelineAsync(created.Id, """{"name": "etl v2"}""", HttpMethod.Patch);
        Assert.Equal("etl v2", renamed.Name);
        Assert.Equal("first description", renamed.Description);
        Assert.Equal(2, renamed.Sync.Generation);
        Assert.Equal("extract", renamed.Config.GetProperty("tasks")[0].GetProperty("name").GetString());

        var reconfigured = await tenant.UpdatePipelineAsync(created.Id, $$"""{"config": {{PipelineClient.SingleTask("/Shared/etl/v2")}}}""");
        Assert.Equal("etl v2", reconfigured.Name);
        Assert.Equal(3, reconfigured.Sync.Generation);
        Assert.Equal(1, reconfigured.Config.GetProperty("tasks").GetArrayLength());
        Assert.False(reconfigured.Config.TryGetProperty("schedule", out _));

        // The same config again (spelled differently) and the same name: nothing changed, no new generation.
        var unchanged = await tenant.UpdatePipelineAsync(created.Id,
            """{"name": "etl v2", "config": {"tasks": [{"config": {"notebook_path": "/Shared/etl/v2"}, "type": "notebook", "name": "only"}]}}""");
        Assert.Equal(3, unchanged.Sync.Generation);
        Assert.Equal(3, (await tenant.GetPipelineAsync(created.Id)).Sync.Generation);
    }

    [Fact]
    public async Task Pipeline_stays_local_only_with_the_original_reason_and_its_delete_answers_204()
    {
        await using var api = new ApiFactory(Fixture.ApiSettings(("Mcp:Enabled", "false")));
        var tenant = await TenantClient.RegisterAsync(api);

        var created = await tenant.CreatePipelineAsync();

        Assert.Equal("local_only", created.Sync.Status);
        Assert.False(created.Metadata.GetProperty("databricks_enabled").GetBoolean());
        Assert.Contains("MCP_ENABLED", created.Metadata.GetProperty("reason").GetString());
        using var delete = await tenant.Http.DeleteAsync($"{PipelineClient.Route}/{created.Id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var row = await Fixture.WaitForPipelineRowAsync(created.Id, p => p.SyncStatus == SyncStatus.Deleted, SyncTimeout);
        Assert.NotNull(row.DeletedAt);
        await using var db = Fixture.NewDbContext();
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.ResourceId == created.Id));
        var (status, _) = await tenant.SendAsync(HttpMethod.Get, $"{PipelineClient.Route}/{created.Id}");
        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Retry_of_a_pipeline_that_has_not_failed_answers_409()
    {
        var tenant = await NewTenantAsync();
        var created = await tenant.CreatePipelineAsync();
        await tenant.WaitUntilPipelineSyncedAsync(created, SyncTimeout, WorkerLog);

        var (status, problem) = await tenant.SendAsync(HttpMethod.Post, $"{PipelineClient.Route}/{created.Id}/retry");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Only a failed data pipeline can be retried", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Another_tenants_pipeline_is_not_found_on_every_route()
    {
        var owner = await NewTenantAsync();
        var stranger = await NewTenantAsync();
        var pipeline = await owner.CreatePipelineAsync();
        var path = $"{PipelineClient.Route}/{pipeline.Id}";

        var answers = new List<(string Route, HttpStatusCode Status, JsonElement Body)>();
        foreach (var (method, route, json) in new (HttpMethod, string, string?)[]
        {
            (HttpMethod.Get, path, null),
            (HttpMethod.Put, path, """{"name": "taken over"}"""),
            (HttpMethod.Patch, path, """{"description": "taken over"}"""),
            (HttpMethod.Delete, path, null),
            (HttpMethod.Post, path + "/retry", null),
        })
        {
            if (json is null)
            {
                var (status, body) = await stranger.SendAsync(method, route);
                answers.Add(($"{method} {route}", status, body));
            }
            else
            {
                var (status, body, response) = await stranger.SendJsonAsync(method, route, json);
                response.Dispose();
                answers.Add(($"{method} {route}", status, body));
            }
        }

        Assert.All(answers, answer =>
        {
            Assert.True(answer.Status == HttpStatusCode.NotFound, $"{answer.Route} answered {(int)answer.Status}");
            Assert.Equal("Data pipeline not found", answer.Body.GetProperty("detail").GetString());
        });
        var (_, list) = await stranger.SendAsync(HttpMethod.Get, PipelineClient.Route);
        Assert.Equal(0, list.GetArrayLength());
        var untouched = await owner.GetPipelineAsync(pipeline.Id);
        Assert.Equal(pipeline.Name, untouched.Name);
        Assert.Null(untouched.Description);
    }

    [Fact]
    public async Task Unknown_id_answers_404_with_the_original_detail()
    {
        var tenant = await NewTenantAsync();

        var (status, body) = await tenant.SendAsync(HttpMethod.Get, $"{PipelineClient.Route}/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Data pipeline not found", body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Routes_need_a_token()
    {
        using var anonymous = Fixture.Api.CreateClient();

        using var response = await anonymous.GetAsync(PipelineClient.Route);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Usage_counts_the_tenants_pipelines()
    {
        var tenant = await NewTenantAsync();
        var bystander = await NewTenantAsync();
        // Synced before the fault is set, so the one-shot fault below meets the tenant's pipeline, not this one.
        await bystander.WaitUntilPipelineSyncedAsync(await bystander.CreatePipelineAsync(), SyncTimeout, WorkerLog);
        var synced = await tenant.CreatePipelineAsync(name: "synced");
        await tenant.WaitUntilPipelineSyncedAsync(synced, SyncTimeout, WorkerLog);
        await Fixture.WaitUntilPipelinesSettleAsync(SyncTimeout);
        await Fixture.Emulator.SetFaultsAsync(new FaultRuleDto("jobs.create", "error", Status: 400, ErrorCode: "INVALID_PARAMETER_VALUE", Times: 1));
        var refused = await tenant.CreatePipelineAsync(name: "refused");
        await tenant.WaitForPipelineAsync(refused.Id, p => p.Sync.Status == "failed", SyncTimeout, WorkerLog);

        var (status, usage) = await tenant.SendAsync(HttpMethod.Get, "/api/v1/databricks/usage");

        Assert.Equal(HttpStatusCode.OK, status);
        var pipelines = usage.GetProperty("resources").GetProperty("pipelines");
        Assert.Equal(2, pipelines.GetProperty("total").GetInt64());
        Assert.Equal(1, pipelines.GetProperty("in_databricks").GetInt64());
        Assert.Equal(1, pipelines.GetProperty("synced").GetInt64());
        Assert.Equal(1, pipelines.GetProperty("failed").GetInt64());
        Assert.Equal(50.0, usage.GetProperty("sync_percentage").GetProperty("pipelines").GetDouble());
    }

    private static bool JsonElementEquals(JsonElement expected, JsonElement actual) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(
            System.Text.Json.Nodes.JsonNode.Parse(expected.GetRawText()), System.Text.Json.Nodes.JsonNode.Parse(actual.GetRawText()));
}
