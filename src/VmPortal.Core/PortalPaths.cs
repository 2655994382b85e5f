namespace VmPortal.Core;

/// <summary>Where the portal keeps its SQLite file, Azurite's data and the embedded accounts' keys.</summary>
public sealed class PortalPaths(string dataPath)
{
    public string DataPath { get; } = Path.GetFullPath(dataPath);
    public string DatabaseFile => Path.Combine(DataPath, "vmportal.db");
    public string AzuriteData => Path.Combine(DataPath, "azurite");
    public string StorageKeysFile => Path.Combine(DataPath, "storage-keys.json");

    /// <summary>Creates the folder and proves it is writable, or says which folder to fix.</summary>
    public void EnsureWritable()
    {
        try
        {
            Directory.CreateDirectory(DataPath);
            var probe = Path.Combine(DataPath, $".write-probe-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PortalStartupException(
                $"The data folder '{DataPath}' is not writable ({e.Message.TrimEnd('.')}); set Portal:DataPath to a folder the portal can write.");
        }
    }
}
