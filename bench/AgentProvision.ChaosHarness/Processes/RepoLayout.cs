namespace AgentProvision.ChaosHarness.Processes;

/// <summary>Where the built hosts are: <c>src/{Api,SyncWorker,McpEmulator}/bin/{configuration}/net10.0</c> under the solution.</summary>
public static class RepoLayout
{
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AgentProvision.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"AgentProvision.sln not found above {AppContext.BaseDirectory}.");
    }

    /// <summary>The configuration the calling program was built in (the folder name above net10.0), so it starts hosts of the same build.</summary>
    public static string CallerConfiguration() =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string HostDll(string project, string configuration)
    {
        var dll = Path.Combine(Root(), "src", project, "bin", configuration, "net10.0", $"AgentProvision.{project}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the solution in {configuration} first: {dll} is missing.", dll);
    }
}
