using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Fabric;

/// <summary>One operation at a time per VM, and one worker per operation.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class VmConcurrencyTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    [Fact]
    public async Task Of_two_simultaneous_stops_one_runs_and_the_other_is_refused_as_busy()
    {
        var vm = await AddVmAsync("busy1");
        var service = vm.CloudService!.Name;

        var results = await Task.WhenAll(
            Get<VmService>().StopAsync(service, "busy1", deallocate: false, "alice"),
            Get<VmService>().StopAsync(service, "busy1", deallocate: true, "bob"));

        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(ErrorCodes.VmBusy, Assert.Single(results, r => !r.Succeeded).Error!.Code);
        await using var db = Db();
        Assert.Single(db.Operations.Where(o => o.VirtualMachineId == vm.Id));
    }

    [Fact]
    public async Task A_stop_while_the_VM_is_being_deleted_is_refused_as_busy()
    {
        var vm = await AddVmAsync("busy2");
        var delete = await Get<VmService>().DeleteAsync(vm.CloudService!.Name, "busy2", deleteDisks: true, "tests");

        var stop = await Get<VmService>().StopAsync(vm.CloudService!.Name, "busy2", deallocate: false, "tests");

        Assert.Equal(ErrorCodes.VmBusy, stop.Error?.Code);
        await this.WaitForSuccessAsync(delete.Ok().Id);
    }

    [Fact]
    public async Task After_an_operation_ends_the_VM_takes_the_next_one()
    {
        var vm = await AddVmAsync("busy3");
        var stop = await Get<VmService>().StopAsync(vm.CloudService!.Name, "busy3", false, "tests");
        await this.WaitForSuccessAsync(stop.Ok().Id);

        var start = await Get<VmService>().StartAsync(vm.CloudService!.Name, "busy3", "tests");

        Assert.True(start.Succeeded, start.Error?.Message);
    }

    [Fact]
    public async Task Two_workers_racing_for_one_queued_operation_claim_it_exactly_once()
    {
        var database = new TestDatabase();
        await database.InitializeAsync();
        try
        {
            await using (var db = database.CreateDbContext())
            {
                db.Operations.Add(new Operation
                {
                    Id = Guid.NewGuid(), Kind = "Anything", Target = "x", Status = OperationStatus.InProgress, CreatedTime = DateTimeOffset.UtcNow,
                });
                await db.SaveChangesAsync();
            }
            var workers = Enumerable.Range(0, 2).Select(_ => new OperationWorker(
                Get<IServiceScopeFactory>(), database, new OperationEvents(), new OperationSignal(), new AuditLog(database, TimeProvider.System),
                Options.Create(new OperationOptions { Lease = TimeSpan.FromMinutes(1) }), TimeProvider.System,
                NullLogger<OperationWorker>.Instance)).ToList();

            var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => workers[i % 2].TryClaimAsync(CancellationToken.None)));

            Assert.Single(claims, c => c is not null);
            await using var check = database.CreateDbContext();
            Assert.Equal(1, (await check.Operations.SingleAsync()).Attempts);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
