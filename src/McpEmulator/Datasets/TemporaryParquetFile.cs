namespace AgentProvision.McpEmulator.Datasets;

/// <summary>
/// Dataset bytes live in memory; DuckDB reads Parquet from a path, so a file exists only while DuckDB loads it.
/// Nothing is left on disk across queries, resets or shutdowns.
/// </summary>
internal sealed class TemporaryParquetFile : IDisposable
{
    private static readonly string Folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "agentprovision-emulator");

    private TemporaryParquetFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>A fresh path in the emulator's temp folder, with no file yet (for DuckDB to write to).</summary>
    public static TemporaryParquetFile Reserve()
    {
        Directory.CreateDirectory(Folder);
        return new TemporaryParquetFile(System.IO.Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".parquet"));
    }

    public static TemporaryParquetFile Write(byte[] parquet)
    {
        var file = Reserve();
        File.WriteAllBytes(file.Path, parquet);
        return file;
    }

    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Still open elsewhere on some platforms; the OS temp cleaner gets it. Never worth failing a call over.
        }
    }
}
