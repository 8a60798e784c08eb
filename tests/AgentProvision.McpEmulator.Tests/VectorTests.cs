using System.Text.Json;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Tests.Support;

namespace AgentProvision.McpEmulator.Tests;

public sealed class VectorTests
{
    private readonly string _tenant = ConnectorCalls.NewTenant();
    private readonly string _index = "docs_" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Index_over_a_tenant_table_is_created_ONLINE_and_empty()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var table = await CreateTableAsync(emulator.Http);

        var index = await (await emulator.Http.CreateIndexAsync(_tenant, _index, table, dimension: 3)).ReadAsync<VectorIndexInfo>();

        Assert.Equal(new VectorIndexInfo(_index, table, 3, "embedding", "ONLINE", 0, _tenant), index);
    }

    [Fact]
    public async Task Index_over_a_missing_or_another_tenants_table_answers_404_TABLE_DOES_NOT_EXIST()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var catalog = await emulator.Http.CreateTenantCatalogAsync(_tenant);
        var other = ConnectorCalls.NewTenant();
        var othersTable = (await UploadDocsTableAsync(emulator.Http, other)).TablePath;

        var missing = await emulator.Http.CreateIndexAsync(_tenant, _index, $"{catalog}.bronze.nowhere");
        var foreign = await emulator.Http.CreateIndexAsync(_tenant, _index, othersTable);

        await missing.ShouldFailAsync(404, ConnectorErrorCodes.TableDoesNotExist);
        await foreign.ShouldFailAsync(404, ConnectorErrorCodes.TableDoesNotExist);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4097)]
    public async Task Embedding_dimension_outside_1_to_4096_answers_400(int dimension)
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var table = await CreateTableAsync(emulator.Http);

        await (await emulator.Http.CreateIndexAsync(_tenant, _index, table, dimension))
            .ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
    }

    [Fact]
    public async Task Creating_an_existing_index_answers_409()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        var table = await CreateTableAsync(emulator.Http);
        await emulator.Http.CreateIndexAsync(_tenant, _index, table);

        await (await emulator.Http.CreateIndexAsync(_tenant, _index.ToUpperInvariant(), table))
            .ShouldFailAsync(409, ConnectorErrorCodes.ResourceAlreadyExists);
    }

    [Fact]
    public async Task Search_ranks_by_cosine_similarity_best_first_and_answers_num_results()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await CreateIndexAsync(emulator.Http);
        await emulator.Http.UpsertAsync(_index,
            Vector("same-direction", 2, 0, 0),
            Vector("diagonal", 1, 1, 0),
            Vector("orthogonal", 0, 1, 0),
            Vector("opposite", -1, 0, 0),
            Vector("zero", 0, 0, 0));

        var all = await (await emulator.Http.SearchAsync(_index, [1, 0, 0])).ReadAsync<SearchVectorsResponse>();
        var top2 = await (await emulator.Http.SearchAsync(_index, [1, 0, 0], numResults: 2)).ReadAsync<SearchVectorsResponse>();

        Assert.Equal(["same-direction", "diagonal", "orthogonal", "zero", "opposite"], all.Results.Select(match => match.Id));
        Assert.Equal([1.0, Math.Sqrt(0.5), 0, 0, -1.0], all.Results.Select(match => Math.Round(match.Score, 6)), new ToleranceComparer());
        Assert.Equal(["same-direction", "diagonal"], top2.Results.Select(match => match.Id));
    }

    [Fact]
    public async Task Upsert_replaces_vectors_by_id_and_keeps_their_metadata()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await CreateIndexAsync(emulator.Http);
        await emulator.Http.UpsertAsync(_index, Vector("a", 1, 0, 0), Vector("b", 0, 1, 0));

        var upserted = await (await emulator.Http.UpsertAsync(_index,
            new VectorRecord("a", [0, 0, 1], JsonDocument.Parse("""{"title":"moved"}""").RootElement))).ReadAsync<VectorsUpserted>();
        var best = (await (await emulator.Http.SearchAsync(_index, [0, 0, 1], numResults: 1)).ReadAsync<SearchVectorsResponse>()).Results.Single();
        var ledger = await emulator.Http.LedgerEntryAsync(_tenant, "vector_index", _index);

        Assert.Equal(new VectorsUpserted(1, 2), upserted);
        Assert.Equal("a", best.Id);
        Assert.Equal("moved", best.Metadata?.GetProperty("title").GetString());
        Assert.Equal((1, 2), (ledger.GetProperty("created_count").GetInt32(), ledger.GetProperty("modified_count").GetInt32()));
    }

    [Fact]
    public async Task Vectors_or_queries_of_the_wrong_dimension_answer_400_and_change_nothing()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await CreateIndexAsync(emulator.Http);
        await emulator.Http.UpsertAsync(_index, Vector("a", 1, 0, 0));

        var badUpsert = await emulator.Http.UpsertAsync(_index, Vector("b", 1, 0, 0), Vector("c", 1, 0));
        var badQuery = await emulator.Http.SearchAsync(_index, [1, 0]);
        var all = await (await emulator.Http.SearchAsync(_index, [1, 0, 0])).ReadAsync<SearchVectorsResponse>();

        await badUpsert.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
        await badQuery.ShouldFailAsync(400, ConnectorErrorCodes.InvalidParameterValue);
        Assert.Equal(["a"], all.Results.Select(match => match.Id));
    }

    [Fact]
    public async Task Upsert_is_an_extension_missing_when_extensions_are_off()
    {
        await using var emulator = await RunningEmulator.StartAsync(new Dictionary<string, string?> { ["Emulator:Extensions"] = "false" });
        await CreateIndexAsync(emulator.Http);

        var response = await emulator.Http.UpsertAsync(_index, Vector("a", 1, 0, 0));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("""{"detail":"Not Found"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Deleted_index_is_gone_and_missing_indexes_answer_404_RESOURCE_DOES_NOT_EXIST()
    {
        await using var emulator = await RunningEmulator.StartAsync();
        await CreateIndexAsync(emulator.Http);

        var deleted = await (await emulator.Http.DeleteAsync(ConnectorRoutes.VectorIndex(_index))).ReadAsync<Acknowledged>();

        Assert.Equal("deleted", deleted.Status);
        await (await emulator.Http.SearchAsync(_index, [1, 0, 0])).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        await (await emulator.Http.UpsertAsync(_index, Vector("a", 1, 0, 0))).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
        await (await emulator.Http.DeleteAsync(ConnectorRoutes.VectorIndex(_index))).ShouldFailAsync(404, ConnectorErrorCodes.ResourceDoesNotExist);
    }

    private static VectorRecord Vector(string id, params float[] values) => new(id, values);

    /// <summary>The tenant's catalog and a small dataset table, the source an index needs.</summary>
    private static async Task<DatasetTable> UploadDocsTableAsync(HttpClient http, string tenant)
    {
        await http.CreateTenantCatalogAsync(tenant);
        return await http.UploadSalesAsync(tenant, "docs", new Sale("eu", 1, 1));
    }

    private async Task<string> CreateTableAsync(HttpClient http) => (await UploadDocsTableAsync(http, _tenant)).TablePath;

    private async Task CreateIndexAsync(HttpClient http)
        => await (await http.CreateIndexAsync(_tenant, _index, await CreateTableAsync(http), dimension: 3)).ReadAsync<VectorIndexInfo>();

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-6;

        public int GetHashCode(double obj) => 0;
    }
}
