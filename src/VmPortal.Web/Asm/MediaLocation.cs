using System.Diagnostics.CodeAnalysis;
using VmPortal.Core.Storage;

namespace VmPortal.Web.Asm;

/// <summary>
/// ASM names where a VM's disks go by a blob container's URL (<c>http://account…/vhds/</c>); the portal by a storage
/// account's name, and it names the blobs itself (R7). The URL's account is the one the deploy uses.
/// </summary>
internal static class MediaLocation
{
    public static bool TryResolve(string? mediaLocation, BlobAccounts accounts, out string? account, [NotNullWhen(false)] out AsmError? error)
    {
        account = mediaLocation;
        error = null;
        if (mediaLocation is null || !Uri.TryCreate(mediaLocation, UriKind.Absolute, out var uri)) return true;
        if (accounts.TryGetByBlobUri(uri, out var found))
        {
            account = found.Name;
            return true;
        }
        error = AsmError.NotFound($"None of the portal's storage accounts holds {mediaLocation}; name a container of one of them, or leave MediaLocation out.");
        return false;
    }
}
