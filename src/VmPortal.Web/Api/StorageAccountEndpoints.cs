using VmPortal.Core.Security;
using VmPortal.Core.Storage;
using VmPortal.Web.Security;

namespace VmPortal.Web.Api;

internal static class StorageAccountEndpoints
{
    public static void MapStorageAccountEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/storage-accounts").WithTags("Storage accounts").ChangesNeed(PortalRoles.Admin);
        group.MapList<StorageAccountQueries, StorageAccountView>("ListStorageAccounts",
            "Storage accounts (name, location, blob endpoint) from configuration", (s, skip, take, ct) => s.ListAsync(skip, take, ct))
            .WithDescription("The accounts disks and images are stored in: one per location, from configuration (`Storage:Accounts`), or the " +
                             "embedded ones the portal starts itself. Account keys are never shown.");
        group.MapCreate<StorageAccountQueries, CreateStorageAccountRequest, StorageAccountView>(AuditActions.CreateStorageAccount,
                "Refused: storage accounts come from configuration (Storage:Accounts)",
                (_, request, _, _) => Task.FromResult(StorageAccountQueries.Create(request)), a => a.Name)
            .WithDescription("Always answers 400 ValidationFailed: the portal holds no credentials to create an account, and an account's key belongs in configuration.");
    }
}
