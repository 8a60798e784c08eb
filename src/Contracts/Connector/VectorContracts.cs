using System.Text.Json;

namespace AgentProvision.Contracts.Connector;

/// <summary><c>POST /databricks/vector-indexes</c> (create_vector_index).</summary>
public sealed record CreateVectorIndexRequest(
    string TenantId,
    string Name,
    string SourceTable,
    int EmbeddingDimension,
    string EmbeddingColumn = "embedding");

public sealed record VectorIndexInfo(
    string Name,
    string SourceTable,
    int EmbeddingDimension,
    string EmbeddingColumn,
    string Status,
    long VectorCount,
    string? TenantId = null);

public sealed record VectorRecord(string Id, IReadOnlyList<float> Vector, JsonElement? Metadata = null);

/// <summary>Extension: <c>POST /databricks/vector-indexes/{name}/vectors</c>, upserts by id.</summary>
public sealed record UpsertVectorsRequest(IReadOnlyList<VectorRecord> Vectors);

public sealed record VectorsUpserted(long Upserted, long VectorCount);

/// <summary><c>POST /databricks/vector-indexes/{name}/search</c> (search_vectors): cosine similarity, best first.</summary>
public sealed record SearchVectorsRequest(IReadOnlyList<float> QueryVector, int NumResults = 10);

public sealed record VectorMatch(string Id, double Score, JsonElement? Metadata = null);

public sealed record SearchVectorsResponse(IReadOnlyList<VectorMatch> Results);
