using System.Security.Cryptography;
using System.Text.Json;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Storage;

/// <summary>
/// The embedded default's storage accounts: one per location, all hosted by one Azurite process, so
/// "the same storage account and container" (R7) is a real account boundary. Keys are generated once
/// and kept in the data folder, never in the database.
/// </summary>
public static class EmbeddedStorageAccounts
{
    public static string AccountNameFor(string location) =>
        "vmp" + new string(location.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    public static IReadOnlyList<(AzuriteAccount Account, string Location)> LoadOrCreate(PortalPaths paths)
    {
        var keys = File.Exists(paths.StorageKeysFile)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(paths.StorageKeysFile)) ?? []
            : [];
        var changed = false;
        var result = new List<(AzuriteAccount, string)>();
        foreach (var location in Locations.All)
        {
            var name = AccountNameFor(location);
            if (!keys.TryGetValue(name, out var key))
            {
                key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
                keys[name] = key;
                changed = true;
            }
            result.Add((new AzuriteAccount(name, key), location));
        }
        if (changed)
        {
            File.WriteAllText(paths.StorageKeysFile, JsonSerializer.Serialize(keys));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(paths.StorageKeysFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return result;
    }
}
