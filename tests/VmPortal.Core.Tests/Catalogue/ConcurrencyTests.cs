using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Catalogue;

/// <summary>Two writers never silently overwrite each other's change to a VM, a disk or an image.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public ValueTask InitializeAsync() => _database.InitializeAsync();
    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_second_writer_holding_a_stale_VM_gets_a_conflict_and_the_first_change_stands()
    {
        await using (var setup = _database.CreateDbContext())
        {
            var service = new CloudService { Name = "shop", Location = "West US", CreatedTime = DateTimeOffset.UtcNow };
            service.VirtualMachines.Add(new VirtualMachine
            {
                Name = "web1", InstanceSize = "Small", Os = OsType.Linux, Status = VmStatus.ReadyRole,
                Endpoints = [new Endpoint { Name = "SSH", Protocol = "tcp", PublicPort = 22, LocalPort = 22 }],
            });
            setup.CloudServices.Add(service);
            await setup.SaveChangesAsync();
        }

        await using var first = _database.CreateDbContext();
        await using var second = _database.CreateDbContext();
        var vmByFirst = await first.VirtualMachines.SingleAsync();
        var vmBySecond = await second.VirtualMachines.SingleAsync();

        vmByFirst.Status = VmStatus.StoppingVM;
        await first.SaveChangesAsync();
        vmBySecond.InstanceSize = "Large";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = _database.CreateDbContext();
        var stored = await check.VirtualMachines.SingleAsync();
        Assert.Equal(VmStatus.StoppingVM, stored.Status);
        Assert.Equal("Small", stored.InstanceSize);
        Assert.Equal(22, Assert.Single(stored.Endpoints).PublicPort);
    }

    [Fact]
    public async Task Image_metadata_edits_from_two_stale_copies_conflict()
    {
        await using (var setup = _database.CreateDbContext())
        {
            setup.Images.Add(new Image
            {
                Name = "web-2026", Kind = ImageKind.VMImage, Label = "Web", Location = "West US", Os = OsType.Windows,
                OsState = OsState.Specialized,
                Disks = [new ImageDisk { Name = "web-2026-os", Location = "West US", MediaLink = "http://x/vhds/web-2026-os-2026-11-25.vhd", LogicalSizeInGb = 127 }],
            });
            await setup.SaveChangesAsync();
        }

        await using var first = _database.CreateDbContext();
        await using var second = _database.CreateDbContext();
        (await first.Images.SingleAsync()).Label = "Web servers";
        (await second.Images.SingleAsync()).Description = "stale edit";
        await first.SaveChangesAsync();

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
    }
}
