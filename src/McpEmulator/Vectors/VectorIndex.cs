using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;

namespace AgentProvision.McpEmulator.Vectors;

/// <summary>One index and its vectors, keyed by id. A request with any bad vector changes nothing.</summary>
internal sealed class VectorIndex(string tenantId, string name, string sourceTable, int dimension, string embeddingColumn)
{
    public const string Online = "ONLINE";

    /// <summary>Vector Search answers at most this many results per query page.</summary>
    public const int MaxResults = 10_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, VectorRecord> _vectors = new(StringComparer.Ordinal);

    public string TenantId { get; } = tenantId;

    public string Name { get; } = name;

    public VectorIndexInfo ToInfo()
    {
        lock (_gate)
        {
            return new VectorIndexInfo(Name, sourceTable, dimension, embeddingColumn, Online, _vectors.Count, TenantId);
        }
    }

    public VectorsUpserted Upsert(IReadOnlyList<VectorRecord>? vectors)
    {
        if (vectors is not { Count: > 0 })
        {
            throw ConnectorException.InvalidParameter("vectors must hold at least one vector.");
        }

        foreach (var vector in vectors)
        {
            if (string.IsNullOrEmpty(vector.Id))
            {
                throw ConnectorException.InvalidParameter("Every vector needs an id.");
            }

            CheckVector(vector.Vector, $"Vector '{vector.Id}'");
        }

        lock (_gate)
        {
            foreach (var vector in vectors)
            {
                _vectors[vector.Id] = vector;
            }

            return new VectorsUpserted(vectors.Count, _vectors.Count);
        }
    }

    /// <summary>The <paramref name="numResults"/> vectors most similar to the query, best first; equal scores by id.</summary>
    public SearchVectorsResponse Search(IReadOnlyList<float>? queryVector, int numResults)
    {
        CheckVector(queryVector, "query_vector");
        if (numResults is < 1 or > MaxResults)
        {
            throw ConnectorException.InvalidParameter($"num_results must be between 1 and {MaxResults}, got {numResults}.");
        }

        lock (_gate)
        {
            var matches = _vectors.Values
                .Select(vector => new VectorMatch(vector.Id, CosineSimilarity.Between(queryVector!, vector.Vector), vector.Metadata))
                .OrderByDescending(match => match.Score)
                .ThenBy(match => match.Id, StringComparer.Ordinal)
                .Take(numResults)
                .ToList();
            return new SearchVectorsResponse(matches);
        }
    }

    private void CheckVector(IReadOnlyList<float>? values, string what)
    {
        if (values is null || values.Count != dimension)
        {
            throw ConnectorException.InvalidParameter(
                $"{what} has {values?.Count ?? 0} dimensions; index '{Name}' has embedding_dimension {dimension}.");
        }

        if (!values.All(float.IsFinite))
        {
            throw ConnectorException.InvalidParameter($"{what} holds a value that is not a finite number.");
        }
    }
}
