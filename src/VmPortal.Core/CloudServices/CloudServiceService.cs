using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Security;

namespace VmPortal.Core.CloudServices;

public sealed record CloudServiceView(string Name, string Location, string? Label, string? Description, DateTimeOffset CreatedTime, int VmCount);

public sealed record CreateCloudServiceRequest(string? Name, string? Location, string? Label = null, string? Description = null);

/// <summary>Cloud services as metadata: list, look up, create (R28) and delete an empty one.</summary>
public sealed class CloudServiceService(IDbContextFactory<PortalDbContext> dbFactory, AuditLog audit, TimeProvider time)
{
    public const int MaxLabelLength = 100;
    public const int MaxDescriptionLength = 1024;

    private static readonly Expression<Func<CloudService, CloudServiceView>> ToView = c =>
        new CloudServiceView(c.Name, c.Location, c.Label, c.Description, c.CreatedTime, c.VirtualMachines.Count);

    public Task<PortalResult<Page<CloudServiceView>>> ListAsync(int? skip, int? take, CancellationToken cancellationToken = default) =>
        dbFactory.QueryPageAsync(skip, take, db => db.CloudServices.OrderBy(c => c.Name).Select(ToView), cancellationToken);

    public async Task<PortalResult<CloudServiceView>> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        // R28 names are lowercase: any case finds the service, on this route as on every other.
        var key = NameRules.CloudServiceKey(name);
        if (!key.Succeeded) return key.Error;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var view = await db.CloudServices.Where(c => c.Name == key.Value).Select(ToView).SingleOrDefaultAsync(cancellationToken);
        return view is null ? NotFound(name) : view;
    }

    public async Task<PortalResult<CloudServiceView>> CreateAsync(CreateCloudServiceRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        if (NameRules.CloudService(request.Name) is { } invalidName) return invalidName;
        var location = Locations.Resolve(request.Location);
        if (!location.Succeeded) return location.Error;
        if (request.Label is { Length: > MaxLabelLength })
            return PortalError.Validation("label", CloudServiceMessages.Format("LabelTooLong", request.Label.Length, MaxLabelLength));
        if (request.Description is { Length: > MaxDescriptionLength })
            return PortalError.Validation("description", CloudServiceMessages.Format("DescriptionTooLong", request.Description.Length, MaxDescriptionLength));

        var name = request.Name!;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.CloudServices.AnyAsync(c => c.Name == name, cancellationToken)) return NameTaken(name);
        var service = new CloudService
        {
            Name = name, Location = location.Value, Label = request.Label, Description = request.Description,
            CreatedTime = time.GetUtcNow(),
        };
        db.CloudServices.Add(service);
        audit.Record(db, actor, AuditActions.CreateCloudService, $"cloud-services/{name}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Another request created the same name between our check and our insert: the unique index decided.
            return NameTaken(name);
        }
        return new CloudServiceView(service.Name, service.Location, service.Label, service.Description, service.CreatedTime, 0);
    }

    /// <summary>
    /// Deletes a cloud service that holds no VM. One that still holds VMs is refused with 409 <c>NameConflict</c>:
    /// API.md has no dedicated code for "not empty", and NameConflict is the 409 that says "this name is still in use
    /// by what it holds"; the message names the VM count so a person knows what to do.
    /// </summary>
    public async Task<PortalResult<CloudServiceView>> DeleteAsync(string name, Actor actor, CancellationToken cancellationToken = default)
    {
        var key = NameRules.CloudServiceKey(name);
        if (!key.Succeeded) return key.Error;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var service = await db.CloudServices.SingleOrDefaultAsync(c => c.Name == key.Value, cancellationToken);
        if (service is null) return NotFound(name);
        name = service.Name;
        var vms = await db.VirtualMachines.CountAsync(v => v.CloudServiceId == service.Id, cancellationToken);
        if (vms > 0) return NotEmpty(name, vms);
        db.CloudServices.Remove(service);
        audit.Record(db, actor, AuditActions.DeleteCloudService, $"cloud-services/{service.Name}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsForeignKeyViolation())
        {
            // A deploy added a VM after our count: the foreign key kept the service.
            return NotEmpty(name, await db.VirtualMachines.CountAsync(v => v.CloudServiceId == service.Id, cancellationToken));
        }
        catch (DbUpdateConcurrencyException)
        {
            return NotFound(name);
        }
        return new CloudServiceView(service.Name, service.Location, service.Label, service.Description, service.CreatedTime, 0);
    }

    private static PortalError NotFound(string name) => PortalError.NotFound(CloudServiceMessages.Format("WhatCloudService", name));

    private static PortalError NameTaken(string name) =>
        new(ErrorCodes.NameConflict, CloudServiceMessages.Format("NameTaken", name), "name");

    private static PortalError NotEmpty(string name, int vms) =>
        new(ErrorCodes.NameConflict, vms == 1
            ? CloudServiceMessages.Format("NotEmptyOne", name, vms)
            : CloudServiceMessages.Format("NotEmpty", name, vms));
}
