namespace VmPortal.Core.Storage;

/// <summary>One configured storage account (<c>Storage:Accounts:&lt;i&gt;</c>). The connection string holds the key.</summary>
public sealed class StorageAccountOptions
{
    public string Name { get; set; } = "";
    public string Location { get; set; } = "";
    public string ConnectionString { get; set; } = "";
}

/// <summary>The <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public List<StorageAccountOptions> Accounts { get; set; } = [];
    public AzuriteOptions Azurite { get; set; } = new();
}

/// <summary>How the embedded default runs its own Azurite when no account is configured.</summary>
public sealed class AzuriteOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 10000;
    /// <summary>Folder holding <c>node_modules/azurite</c>; found by walking up from the app when empty.</summary>
    public string? ToolsPath { get; set; }
}
