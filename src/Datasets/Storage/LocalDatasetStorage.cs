using System.Runtime.CompilerServices;

namespace AgentProvision.Datasets.Storage;

/// <summary>
/// Dataset files under <see cref="DatasetStorageOptions.Root"/>: <c>{root}/{tenant}/{dataset}/{upload}.parquet</c>,
/// staged in <c>{root}/.staging</c> on the same file system so promotion is an atomic rename.
/// </summary>
public sealed class LocalDatasetStorage : IDatasetStorage
{
    private const string StagingFolder = ".staging";
    private readonly string _root;
    private readonly string _staging;

    public LocalDatasetStorage(DatasetStorageOptions options)
    {
        _root = Path.GetFullPath(options.Root);
        _staging = Path.Combine(_root, StagingFolder);
        Directory.CreateDirectory(_staging);
    }

    public StagedFile Stage(Guid tenantId)
    {
        // Created again if someone removed it since start-up (an operator cleaning the volume).
        Directory.CreateDirectory(_staging);
        var path = Path.Combine(_staging, $"{tenantId:N}-{Guid.NewGuid():N}.parquet");
        File.Create(path).Dispose();
        return new StagedFile(path);
    }

    public string KeyFor(Guid tenantId, Guid datasetId, Guid uploadId) => $"{tenantId:D}/{datasetId:D}/{uploadId:N}.parquet";

    public Task<long> PromoteAsync(StagedFile staged, string key, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(staged.Path, target, overwrite: false);
        staged.Promoted = true;
        return Task.FromResult(new FileInfo(target).Length);
    }

    public Task<string?> LocalPathAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        return Task.FromResult(File.Exists(path) ? path : null);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            return Task.FromResult(false);
        }

        File.Delete(path);
        RemoveEmptyFolders(Path.GetDirectoryName(path)!);
        return Task.FromResult(true);
    }

    public async IAsyncEnumerable<StoredFile> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var path in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/');
            var lastWritten = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
            yield return new StoredFile(key, lastWritten, key.StartsWith(StagingFolder + "/", StringComparison.Ordinal));
        }
    }

    /// <summary>
    /// Keys come from our own rows, but a key that climbed out of the root (<c>..</c>) would still be a way to reach
    /// another tenant's file or any file: refuse it outright.
    /// </summary>
    private string PathOf(string key)
    {
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Storage key '{key}' points outside the storage root.", nameof(key));
        }

        return path;
    }

    /// <summary>Deleting a dataset's last file also removes its now-empty folders (never the root or the staging folder).</summary>
    private void RemoveEmptyFolders(string folder)
    {
        while (folder.Length > _root.Length && folder.StartsWith(_root, StringComparison.Ordinal) && folder != _staging
            && Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
        {
            try
            {
                Directory.Delete(folder);
            }
            catch (IOException)
            {
                return; // a writer just put something there
            }

            folder = Path.GetDirectoryName(folder)!;
        }
    }
}
