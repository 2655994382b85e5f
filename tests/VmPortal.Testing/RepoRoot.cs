namespace VmPortal.Testing;

public static class RepoRoot
{
    /// <summary>The folder holding VmPortal.sln (and node_modules with Azurite), found from the test binaries.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "VmPortal.sln"))) return dir.FullName;
        throw new InvalidOperationException("VmPortal.sln not found above " + AppContext.BaseDirectory);
    }
}
