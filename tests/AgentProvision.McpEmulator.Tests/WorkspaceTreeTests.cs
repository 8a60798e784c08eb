using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class WorkspaceTreeTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();

    [Fact]
    public async Task Mkdirs_creates_every_missing_folder_and_is_idempotent()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var first = await emulator.Http.MkdirsAsync(_tenant, "/Users/ana/etl");
        var again = await emulator.Http.MkdirsAsync(_tenant, "/Users/ana/etl/");

        Assert.Equal("{}", await first.Content.ReadAsStringAsync());
        again.EnsureSuccessStatusCode();
        foreach (var path in new[] { "/Users", "/Users/ana", "/Users/ana/etl" })
        {
            var folder = await (await emulator.Http.StatusAsync(_tenant, path)).ReadAsync<WorkspaceObjectInfo>();
            Assert.Equal("DIRECTORY", folder.ObjectType);
            Assert.Null(folder.Language);
        }

        Assert.All(await emulator.Http.ObjectsAsync(_tenant), entry => Assert.Equal(1, entry.CreatedCount));
    }

    [Fact]
    public async Task Mkdirs_through_a_notebook_answers_400_RESOURCE_ALREADY_EXISTS_and_creates_nothing()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateNotebookAsync(_tenant, "/Shared/daily");

        var response = await emulator.Http.MkdirsAsync(_tenant, "/Shared/daily/sub");

        await response.ShouldFailAsync(400, ConnectorErrorCodes.ResourceAlreadyExists);
        await (await emulator.Http.StatusAsync(_tenant, "/Shared/daily/sub")).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
    }

    [Fact]
    public async Task Status_of_a_missing_path_answers_404_with_the_Databricks_message()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var error = await (await emulator.Http.StatusAsync(_tenant, "/Shared/none"))
            .ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);

        Assert.Equal("Path (/Shared/none) doesn't exist.", error.Message);
    }

    [Fact]
    public async Task Delete_answers_empty_object_and_the_notebook_is_gone()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateNotebookAsync(_tenant, "/Shared/daily");

        var deleted = await emulator.Http.DeleteNotebookAsync(_tenant, "/Shared/daily");

        Assert.Equal("{}", await deleted.Content.ReadAsStringAsync());
        await (await emulator.Http.StatusAsync(_tenant, "/Shared/daily")).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
    }

    [Fact]
    public async Task Deleting_a_missing_notebook_answers_404_RESOURCE_DOES_NOT_EXIST()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.DeleteNotebookAsync(_tenant, "/Shared/none");

        await response.ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
    }

    [Fact]
    public async Task Deleting_a_folder_through_the_notebook_delete_is_refused()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.MkdirsAsync(_tenant, "/Shared");

        var response = await emulator.Http.DeleteNotebookAsync(_tenant, "/Shared");

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Fact]
    public async Task Delete_then_recreate_gives_a_new_object_id_and_created_count_2()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var first = await emulator.Http.CreateNotebookAsync(_tenant, "/Shared/daily");
        await emulator.Http.DeleteNotebookAsync(_tenant, "/Shared/daily");

        var second = await (await emulator.Http.ImportAsync(_tenant, "/Shared/daily")).ReadAsync<WorkspaceObjectInfo>();

        Assert.NotEqual(first.ObjectId, second.ObjectId);
        var history = Assert.Single(await emulator.Http.ObjectsAsync(_tenant, "/Shared/daily"));
        Assert.Equal((2, 1, true, second.ObjectId), (history.CreatedCount, history.DeletedCount, history.Exists, history.ObjectId));
    }
}
