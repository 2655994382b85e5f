using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.CloudServices;
using VmPortal.Core.Security;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;
using VmPortal.Testing.Faults;

namespace VmPortal.Core.Tests.Security;

/// <summary>
/// A change and its audit entry commit together: the entry names who asked and from where, and when it cannot be
/// written the change is not made either.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class AuditTransactionTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    private readonly FaultSeams _faults = new();

    protected override void ConfigureServices(IServiceCollection services) => _faults.AddTo(services);

    [Fact]
    public async Task A_change_is_audited_with_its_actor_in_its_own_transaction()
    {
        var actor = new Actor("ops@contoso", "203.0.113.7", "{\"name\":\"audited-svc\"}");

        var created = await Get<CloudServiceService>().CreateAsync(new CreateCloudServiceRequest("audited-svc", "West US"), actor);

        Assert.True(created.Succeeded, created.Error?.Message);
        Assert.True(actor.Recorded);
        await using var db = Db();
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Resource == "cloud-services/audited-svc");
        Assert.Equal((AuditActions.CreateCloudService, "ops@contoso", "203.0.113.7", AuditOutcome.Accepted, "{\"name\":\"audited-svc\"}"),
            (entry.Action, entry.UserName, entry.IpAddress, entry.Outcome, entry.Detail));
    }

    [Fact]
    public async Task When_the_audit_entry_cannot_be_written_the_metadata_change_is_not_made()
    {
        _faults.Database.FailWhen(sql => sql.Contains("INSERT INTO \"AuditEntries\""), () => new InvalidOperationException("the audit table is unwritable"));

        await Assert.ThrowsAnyAsync<Exception>(() => Get<CloudServiceService>().CreateAsync(new CreateCloudServiceRequest("unaudited-svc", "West US"), "ops@contoso"));

        _faults.Database.Clear();
        await using var db = Db();
        Assert.False(await db.CloudServices.AnyAsync(c => c.Name == "unaudited-svc"));
    }

    [Fact]
    public async Task When_the_audit_entry_cannot_be_written_no_operation_is_queued_and_the_vm_stays_free()
    {
        var vm = await AddVmAsync("audit1");
        _faults.Database.FailWhen(sql => sql.Contains("INSERT INTO \"AuditEntries\""), () => new InvalidOperationException("the audit table is unwritable"));

        await Assert.ThrowsAnyAsync<Exception>(() => Get<VmService>().StopAsync(vm.CloudService!.Name, vm.Name, deallocate: false, "ops@contoso"));

        _faults.Database.Clear();
        await using var db = Db();
        Assert.False(await db.Operations.AnyAsync(o => o.VirtualMachineId == vm.Id));
        Assert.Null((await db.VirtualMachines.AsNoTracking().SingleAsync(v => v.Id == vm.Id)).ActiveOperationId);
    }

    [Fact]
    public async Task Queued_work_is_audited_under_its_operation_kind_by_the_same_commit()
    {
        var vm = await AddVmAsync("audit2");

        var stop = (await Get<VmService>().StopAsync(vm.CloudService!.Name, vm.Name, deallocate: false, new Actor("ops@contoso", "198.51.100.2"))).Ok();

        await using var db = Db();
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Resource == stop.Target);
        Assert.Equal((AuditActions.StopVm, "ops@contoso", "198.51.100.2"), (entry.Action, entry.UserName, entry.IpAddress));
        Assert.Equal("ops@contoso", (await db.Operations.AsNoTracking().SingleAsync(o => o.Id == stop.Id)).RequestedBy);
        await this.WaitForSuccessAsync(stop.Id);
    }
}
