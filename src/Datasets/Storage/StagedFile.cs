namespace AgentProvision.Datasets.Storage;

/// <summary>
/// A file being written that nothing references yet. Disposing it deletes the file unless it was promoted, so every
/// failure path (bad input, a cancelled request, a failed commit) leaves nothing behind.
/// </summary>
public sealed class StagedFile(string path) : IDisposable
{
    public string Path { get; } = path;

    internal bool Promoted { get; set; }

    public void Dispose()
    {
        if (!Promoted)
        {
            File.Delete(Path);
        }
    }
}
