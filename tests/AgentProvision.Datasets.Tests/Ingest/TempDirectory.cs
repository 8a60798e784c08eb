namespace AgentProvision.Datasets.Tests.Ingest;

/// <summary>A directory of its own for one test, deleted afterwards; lets a test check that nothing was left behind.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ingest-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The target path, created empty first as the API's staging does, so a failure must delete it.</summary>
    public string StagedParquet(string name = "out.parquet")
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, []);
        return path;
    }

    public string[] FileNames() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).ToArray()!;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
