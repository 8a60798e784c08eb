using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class NotebookTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();

    [Fact]
    public async Task Create_puts_the_notebook_in_the_tenants_folder_with_the_language_upper_case()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var created = await emulator.Http.NewNotebookAsync(_tenant, "daily");

        Assert.Equal(($"/Shared/agentprovision/{_tenant}/daily", "PYTHON"), (created.Path, created.Language));
        Assert.True(created.ObjectId > 0);
        Assert.EndsWith($"#notebook/{created.ObjectId}", created.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sql", "SQL")]
    [InlineData("Scala", "SCALA")]
    [InlineData("r", "R")]
    public async Task Languages_are_accepted_in_any_case(string sent, string stored)
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var created = await (await emulator.Http.CreateNotebookAsync(_tenant, "daily", sent)).ReadAsync<NotebookInfo>();

        Assert.Equal(stored, created.Language);
    }

    [Fact]
    public async Task An_unknown_language_answers_400_INVALID_PARAMETER_VALUE()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.CreateNotebookAsync(_tenant, "daily", "cobol");

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    public async Task A_name_that_is_not_one_path_segment_answers_400(string name)
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.CreateNotebookAsync(_tenant, name);

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Fact]
    public async Task Creating_an_existing_name_answers_400_RESOURCE_ALREADY_EXISTS_as_workspace_import_does()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var first = await emulator.Http.NewNotebookAsync(_tenant, "daily");

        var error = await (await emulator.Http.CreateNotebookAsync(_tenant, "daily", content: "changed")).ShouldFailAsync(
            400, ConnectorErrorCodes.ResourceAlreadyExists);

        Assert.Equal("Node named 'daily' already exists", error.Message);
        var kept = await (await emulator.Http.GetNotebookAsync(_tenant, first.Path)).ReadAsync<NotebookDetails>();
        Assert.Equal(ConnectorCalls.NotebookText, kept.Content);
    }

    [Fact]
    public async Task Content_over_10_MB_answers_MAX_NOTEBOOK_SIZE_EXCEEDED()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.CreateNotebookAsync(_tenant, "huge", content: new string('x', 10 * 1024 * 1024 + 1));

        await response.ShouldFailAsync(400, ConnectorErrorCodes.MaxNotebookSizeExceeded);
    }

    [Fact]
    public async Task Get_answers_the_content_as_plain_text()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var created = await emulator.Http.NewNotebookAsync(_tenant, "daily");

        var details = await (await emulator.Http.GetNotebookAsync(_tenant, created.Path)).ReadAsync<NotebookDetails>();

        Assert.Equal((created.Path, created.ObjectId, "PYTHON", created.Url), (details.Path, details.ObjectId, details.Language, details.Url));
        Assert.Equal(ConnectorCalls.NotebookText, details.Content);
        Assert.True(details.ModifiedAt > 0);
    }

    [Fact]
    public async Task Update_replaces_the_content_and_keeps_the_object_id()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var created = await emulator.Http.NewNotebookAsync(_tenant, "daily");
        var before = await (await emulator.Http.GetNotebookAsync(_tenant, created.Path)).ReadAsync<NotebookDetails>();

        var updated = await (await emulator.Http.UpdateNotebookAsync(_tenant, created.Path, "print(2)\n")).ReadAsync<NotebookInfo>();

        Assert.Equal(created, updated);
        var after = await (await emulator.Http.GetNotebookAsync(_tenant, created.Path)).ReadAsync<NotebookDetails>();
        Assert.Equal("print(2)\n", after.Content);
        Assert.True(after.ModifiedAt > before.ModifiedAt);
        Assert.Equal(1, Assert.Single(await emulator.Http.ObjectsAsync(_tenant, created.Path)).ModifiedCount);
    }

    [Fact]
    public async Task Update_with_a_language_changes_it_extension()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var created = await emulator.Http.NewNotebookAsync(_tenant, "daily");

        var updated = await (await emulator.Http.UpdateNotebookAsync(_tenant, created.Path, "SELECT 1", "sql")).ReadAsync<NotebookInfo>();

        Assert.Equal("SQL", updated.Language);
    }

    [Fact]
    public async Task Delete_answers_deleted_and_a_recreated_notebook_gets_a_new_object_id()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var first = await emulator.Http.NewNotebookAsync(_tenant, "daily");

        var deleted = await (await emulator.Http.DeleteNotebookAsync(_tenant, first.Path)).ReadAsync<Acknowledged>();
        var second = await emulator.Http.NewNotebookAsync(_tenant, "daily");

        Assert.Equal("deleted", deleted.Status);
        Assert.NotEqual(first.ObjectId, second.ObjectId);
        var entry = Assert.Single(await emulator.Http.ObjectsAsync(_tenant, first.Path));
        Assert.Equal((2, 1, 1), (entry.CreatedCount, entry.DeletedCount, entry.LiveCount));
    }

    public static TheoryData<string> OperationsOnAMissingPath => ["get", "update", "delete", "execute"];

    [Theory]
    [MemberData(nameof(OperationsOnAMissingPath))]
    public async Task A_missing_path_answers_404_RESOURCE_DOES_NOT_EXIST(string operation)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var missing = ConnectorCalls.NotebookPath(_tenant, "missing");

        var response = operation switch
        {
            "get" => await emulator.Http.GetNotebookAsync(_tenant, missing),
            "update" => await emulator.Http.UpdateNotebookAsync(_tenant, missing, "x"),
            "delete" => await emulator.Http.DeleteNotebookAsync(_tenant, missing),
            _ => await emulator.Http.ExecuteNotebookAsync(_tenant, missing),
        };

        var error = await response.ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        Assert.Equal($"Path ({missing}) doesn't exist.", error.Message);
    }

    [Fact]
    public async Task Lookup_finds_a_notebook_by_the_name_it_was_created_with_extension()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var created = await emulator.Http.NewNotebookAsync(_tenant, "daily report");

        var found = await (await emulator.Http.LookupNotebookAsync(_tenant, "daily report")).ReadAsync<NotebookInfo>();

        Assert.Equal(created, found);
    }

    [Fact]
    public async Task Lookup_of_an_unknown_name_answers_404_RESOURCE_DOES_NOT_EXIST()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.LookupNotebookAsync(_tenant, "daily");

        await response.ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
    }

    [Fact]
    public async Task A_path_outside_the_workspace_rules_answers_400()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.GetNotebookAsync(_tenant, "relative/path");

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }
}
