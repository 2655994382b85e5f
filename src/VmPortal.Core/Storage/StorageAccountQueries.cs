using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Data;

namespace VmPortal.Core.Storage;

public sealed record StorageAccountView(string Name, string Location, string BlobEndpoint);

public sealed record CreateStorageAccountRequest(string? Name, string? Location);

/// <summary>The storage accounts the catalogue mirrors from configuration (never their keys).</summary>
public sealed class StorageAccountQueries(IDbContextFactory<PortalDbContext> dbFactory)
{
    public Task<PortalResult<Page<StorageAccountView>>> ListAsync(int? skip, int? take, CancellationToken cancellationToken = default) =>
        dbFactory.QueryPageAsync(skip, take, db => db.StorageAccounts.OrderBy(a => a.Name)
            .Select(a => new StorageAccountView(a.Name, a.Location, a.BlobEndpoint)), cancellationToken);

    /// <summary>
    /// The portal cannot create a storage account: it holds no credentials to make one, and an account's key must
    /// live in configuration, not in the catalogue. So a create is refused with a message that says where accounts come from.
    /// </summary>
    public static PortalResult<StorageAccountView> Create(CreateStorageAccountRequest request) =>
        Catalogue.NameRules.StorageAccount(request.Name) ?? new PortalError(ErrorCodes.ValidationFailed,
            StorageMessages.Format("AccountsComeFromConfiguration", request.Name ?? "<name>"));
}
