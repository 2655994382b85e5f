using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Security;

namespace VmPortal.Core.VirtualMachines;

/// <summary>A VM's tags, replaced whole: catalogue data only, so no operation and no wait for the VM to be idle.</summary>
public sealed class VmTagService(IDbContextFactory<PortalDbContext> dbFactory, AuditLog audit)
{
    public async Task<PortalError?> SetAsync(string serviceName, string vmName, IReadOnlyDictionary<string, string> tags, Actor actor, CancellationToken ct = default)
    {
        if (VmLoader.CheckNames(serviceName, vmName) is { } badName) return badName;
        if (TagRules.Check(tags) is { } badTag) return badTag;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.VirtualMachines.Include(v => v.CloudService).Named(serviceName, vmName).SingleOrDefaultAsync(ct);
        if (vm is null) return PortalError.NotFound(VmMessages.Format("WhatVm", vmName, serviceName));
        vm.Tags = TagRules.ToRows(tags);
        audit.Record(db, actor, AuditActions.TagVm, OperationTargets.Vm(vm.CloudService!.Name, vm.Name));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new PortalError(ErrorCodes.VmBusy, VmMessages.Format("TagsRaceLost", vm.Name));
        }
        return null;
    }
}
