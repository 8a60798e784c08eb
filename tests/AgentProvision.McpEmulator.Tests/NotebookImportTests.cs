using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class NotebookImportTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();

    [Fact]
    public async Task Import_without_parent_folder_answers_404_like_Databricks()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var error = await (await emulator.Http.ImportAsync(_tenant, "/Shared/etl/daily"))
            .ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);

        Assert.Equal("The parent folder (/Shared/etl) does not exist.", error.Message);
        await (await emulator.Http.StatusAsync(_tenant, "/Shared")).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
    }

    [Fact]
    public async Task Import_after_mkdirs_creates_a_notebook()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        (await emulator.Http.MkdirsAsync(_tenant, "/Shared/etl")).EnsureSuccessStatusCode();

        var created = await (await emulator.Http.ImportAsync(_tenant, "/Shared/etl/daily", language: "SQL")).ReadAsync<WorkspaceObjectInfo>();
        var status = await (await emulator.Http.StatusAsync(_tenant, "/Shared/etl/daily")).ReadAsync<WorkspaceObjectInfo>();

        Assert.Equal("NOTEBOOK", created.ObjectType);
        Assert.Equal("/Shared/etl/daily", created.Path);
        Assert.Equal("SQL", created.Language);
        Assert.True(created.ObjectId > 0);
        Assert.True(created.CreatedAt > 0);
        Assert.Equal(created, status);
    }

    [Fact]
    public async Task Import_over_an_existing_notebook_without_overwrite_answers_400_RESOURCE_ALREADY_EXISTS()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateNotebookAsync(_tenant, "/Shared/daily");

        var error = await (await emulator.Http.ImportAsync(_tenant, "/Shared/daily", overwrite: false))
            .ShouldFailAsync(400, ConnectorErrorCodes.ResourceAlreadyExists);

        Assert.Equal("Node named 'daily' already exists", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Import_onto_a_folder_answers_400_RESOURCE_ALREADY_EXISTS_even_with_overwrite(bool overwrite)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        (await emulator.Http.MkdirsAsync(_tenant, "/Shared/daily")).EnsureSuccessStatusCode();

        var response = await emulator.Http.ImportAsync(_tenant, "/Shared/daily", overwrite);

        await response.ShouldFailAsync(400, ConnectorErrorCodes.ResourceAlreadyExists);
    }

    [Fact]
    public async Task Import_with_overwrite_keeps_the_object_id_and_moves_modified_at_forward()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var original = await emulator.Http.CreateNotebookAsync(_tenant, "/Shared/daily");

        var replaced = await (await emulator.Http.ImportAsync(_tenant, "/Shared/daily", overwrite: true, text: "print(2)"))
            .ReadAsync<WorkspaceObjectInfo>();

        Assert.Equal(original.ObjectId, replaced.ObjectId);
        Assert.Equal(original.CreatedAt, replaced.CreatedAt);
        Assert.True(replaced.ModifiedAt > original.ModifiedAt);
        var history = Assert.Single(await emulator.Http.ObjectsAsync(_tenant, "/Shared/daily"));
        Assert.Equal((1, 1), (history.CreatedCount, history.ModifiedCount));
    }

    [Fact]
    public async Task Concurrent_imports_of_one_path_create_it_exactly_once()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.MkdirsAsync(_tenant, "/Shared");

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => emulator.Http.ImportAsync(_tenant, "/Shared/daily")));

        Assert.Single(responses, response => response.IsSuccessStatusCode);
        Assert.Equal(19, responses.Count(response => (int)response.StatusCode == 400));
        Assert.Equal(1, Assert.Single(await emulator.Http.ObjectsAsync(_tenant, "/Shared/daily")).CreatedCount);
    }

    [Fact]
    public async Task A_relative_path_answers_400_INVALID_PARAMETER_VALUE()
    {
        await using var emulator = await RunningEmulator.StartAsync();

        var response = await emulator.Http.ImportAsync(_tenant, "Shared/daily");

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Fact]
    public async Task Content_that_is_not_base64_answers_400_INVALID_PARAMETER_VALUE()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.MkdirsAsync(_tenant, "/Shared");

        var response = await emulator.Http.PostJsonAsync(
            ConnectorRoutes.NotebookImport, new ImportNotebookRequest(_tenant, "/Shared/daily", "PYTHON", "not base64!", false));

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Fact]
    public async Task Content_over_10_MB_answers_400_MAX_NOTEBOOK_SIZE_EXCEEDED()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.MkdirsAsync(_tenant, "/Shared");

        var response = await emulator.Http.ImportAsync(_tenant, "/Shared/huge", text: new string('x', (10 * 1024 * 1024) + 1));

        await response.ShouldFailAsync(400, ConnectorErrorCodes.MaxNotebookSizeExceeded);
    }

    [Theory]
    [InlineData("PYTHON", "JUPYTER")]
    [InlineData("JAVA", "SOURCE")]
    [InlineData("python", "SOURCE")]
    public async Task Formats_other_than_SOURCE_and_unknown_languages_answer_400(string language, string format)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.MkdirsAsync(_tenant, "/Shared");

        var response = await emulator.Http.PostJsonAsync(
            ConnectorRoutes.NotebookImport,
            new ImportNotebookRequest(_tenant, "/Shared/daily", language, ConnectorCalls.Base64("x"), false, format));

        await response.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Fact]
    public async Task Export_answers_the_content_and_language_of_the_latest_import()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await emulator.Http.CreateNotebookAsync(_tenant, "/Shared/etl/daily");
        (await emulator.Http.ImportAsync(_tenant, "/Shared/etl/daily", overwrite: true, text: "SELECT 2", language: "SQL")).EnsureSuccessStatusCode();

        var exported = await (await emulator.Http.ExportAsync(_tenant, "/Shared/etl/daily")).ReadAsync<ExportNotebookResponse>();

        Assert.Equal("SELECT 2", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(exported.Content)));
        Assert.Equal("SQL", exported.Language);
    }

    [Fact]
    public async Task Export_of_a_missing_path_answers_404_and_of_a_folder_400()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        (await emulator.Http.MkdirsAsync(_tenant, "/Shared/etl")).EnsureSuccessStatusCode();

        await (await emulator.Http.ExportAsync(_tenant, "/Shared/etl/missing")).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        await (await emulator.Http.ExportAsync(_tenant, "/Shared/etl")).ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }
}
