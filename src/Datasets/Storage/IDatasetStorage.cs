namespace AgentProvision.Datasets.Storage;

/// <summary>
/// Where dataset files live, per tenant. The local file system is the default (<see cref="LocalDatasetStorage"/>); an
/// object store can implement the same verbs. Writers stage a file, fill it, then promote it under its final key, so a
/// reader never sees a half-written file; a staged file that is never promoted, or a promoted one whose row never
/// committed, is removed by the sweep (<see cref="ListAsync"/> + <see cref="DeleteAsync"/>).
/// </summary>
public interface IDatasetStorage
{
    /// <summary>A new, empty local file to write a dataset into before it has a key.</summary>
    StagedFile Stage(Guid tenantId);

    /// <summary>The key a dataset's upload is stored under: inside the tenant's folder, unique per upload.</summary>
    string KeyFor(Guid tenantId, Guid datasetId, Guid uploadId);

    /// <summary>Moves a finished staged file under <paramref name="key"/>; answers its size in bytes.</summary>
    Task<long> PromoteAsync(StagedFile staged, string key, CancellationToken cancellationToken);

    /// <summary>A local path to read the file at (DuckDB and the upload read files); null when it is not there.</summary>
    Task<string?> LocalPathAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes a stored file; true when it was there.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every stored and staged file, with when it was last written, for the sweep.</summary>
    IAsyncEnumerable<StoredFile> ListAsync(CancellationToken cancellationToken);
}

/// <param name="Key">The storage key; for a staged file, its key in the staging area.</param>
/// <param name="IsStaged">A staging file: no row can reference it, it is garbage once its writer is gone.</param>
public sealed record StoredFile(string Key, DateTimeOffset LastWritten, bool IsStaged);
