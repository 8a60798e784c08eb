using Npgsql;

namespace AgentProvision.Tests.Sync;

/// <summary>
/// The Databricks identifiers in <c>metadata_</c> stay GIN-indexed (DESIGN.md §3, as in the original) with the
/// <c>jsonb_path_ops</c> operator class: one hash per value, so the index every sync rewrites stays small, and
/// containment lookups by a Databricks id still go through it.
/// </summary>
public sealed class MetadataIndexTests(SystemFixture system) : SystemTest(system)
{
    private static readonly string[] SyncedTables = ["notebooks", "datasets", "data_pipelines", "runs", "tenant_catalogs"];

    [Fact]
    public async Task Every_synced_tables_metadata_index_is_gin_over_value_hashes()
    {
        await using var dataSource = NpgsqlDataSource.Create(await Fixture.CreateScratchDatabaseAsync());
        foreach (var table in SyncedTables)
        {
            await using var command = dataSource.CreateCommand("SELECT pg_get_indexdef(@index::regclass)");
            command.Parameters.AddWithValue("index", $"ix_{table}_metadata_");
            var definition = (string?)await command.ExecuteScalarAsync();
            Assert.EndsWith("USING gin (metadata_ jsonb_path_ops)", definition);
        }
    }

    [Fact]
    public async Task Finding_a_notebook_by_its_Databricks_object_id_goes_through_the_metadata_index()
    {
        await using var dataSource = NpgsqlDataSource.Create(await Fixture.CreateScratchDatabaseAsync());
        var tenant = Guid.NewGuid();
        await using (var insert = dataSource.CreateCommand("""
            INSERT INTO tenants (id, name, created_at) VALUES (@tenant, 'metadata index test', now());
            INSERT INTO notebooks (id, tenant_id, name, language, content, generation, synced_generation, sync_status,
                sync_attempts, metadata_, created_at, updated_at, sync_fence)
            SELECT gen_random_uuid(), @tenant, 'notebook ' || i, 'PYTHON', 'print(1)', 1, 1, 'synced', 1,
                jsonb_build_object('databricks_enabled', true, 'databricks_object_id', 1000000 + i,
                    'databricks_path', '/Shared/agentprovision/notebook_' || i), now(), now(), 1
            FROM generate_series(1, 5000) AS i;
            ANALYZE notebooks;
            """))
        {
            insert.Parameters.AddWithValue("tenant", tenant);
            await insert.ExecuteNonQueryAsync();
        }

        await using var explain = dataSource.CreateCommand("""
            EXPLAIN (ANALYZE, FORMAT TEXT)
            SELECT id FROM notebooks WHERE metadata_ @> jsonb_build_object('databricks_object_id', 1002500)
            """);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join('\n', plan);
        Assert.Contains("Bitmap Index Scan on ix_notebooks_metadata_", text);
        Assert.Matches(@"Bitmap Heap Scan on notebooks .*\(actual time=\S+ rows=1 ", text);
    }
}
