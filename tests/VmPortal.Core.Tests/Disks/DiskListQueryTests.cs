using VmPortal.Core.Disks;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Disks;

/// <summary>
/// The disks page's grid: found by a disk's, VM's or cloud service's name in any case, attached or unattached only, sorted by
/// name, size or attachment in the database with the name breaking ties, counted as filtered, and refused over-long text.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class DiskListQueryTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    private DiskService Disks => Get<DiskService>();

    [Fact]
    public async Task Disks_are_found_filtered_and_sorted_on_the_server()
    {
        var sql = await AddVmAsync("sqlbox", dataDiskLuns: [0, 1], service: "dq-sql");
        await AddVmAsync("webbox", service: "dq-web");
        var detach = await Get<VmService>().DetachDataDiskAsync("dq-sql", "sqlbox", 1, deleteVhd: false, "tests");
        await this.WaitForSuccessAsync(detach.Ok().Id);
        var loose = sql.Disks.Single(d => d.Lun == 1).Name;

        // Its OS disk and LUN 0 are attached to it; the detached disk still carries the VM's name in its own.
        var bySqlVm = (await Disks.ListAsync(new DiskListQuery(Search: "SQLBOX"))).Ok();
        Assert.Equal(3, bySqlVm.Total);
        Assert.Equal(2, bySqlVm.Items.Count(d => d.AttachedTo == new DiskAttachment("dq-sql", "sqlbox")));
        Assert.Contains(bySqlVm.Items, d => d.Name == loose && d.AttachedTo is null);
        var byService = (await Disks.ListAsync(new DiskListQuery(Search: "Dq-Web"))).Ok();
        Assert.Equal([new DiskAttachment("dq-web", "webbox")], byService.Items.Select(d => d.AttachedTo));

        var unattached = (await Disks.ListAsync(new DiskListQuery(Attached: false))).Ok();
        Assert.Equal([loose], unattached.Items.Select(d => d.Name));
        Assert.Equal(1, unattached.Total);
        var byDiskName = (await Disks.ListAsync(new DiskListQuery(Search: loose.ToUpperInvariant(), Attached: false))).Ok();
        Assert.Equal([loose], byDiskName.Items.Select(d => d.Name));

        // By name in the database's own collation (it differs between providers); ties in size fall back to it, reversed.
        var all = (await Disks.ListAsync(new DiskListQuery(Take: 100))).Ok();
        var byName = all.Items.Select((d, i) => (d.Name, i)).ToDictionary(x => x.Name, x => x.i);
        var bySize = (await Disks.ListAsync(new DiskListQuery(Sort: DiskSort.Size, Descending: true, Take: 100))).Ok();
        Assert.Equal(all.Items.OrderByDescending(d => d.LogicalSizeInGb).ThenByDescending(d => byName[d.Name]).Select(d => d.Name),
            bySize.Items.Select(d => d.Name));
        Assert.True(bySize.Items[0].LogicalSizeInGb > bySize.Items[^1].LogicalSizeInGb, "the sizes do not differ: the sort proves nothing");
        var secondPage = (await Disks.ListAsync(new DiskListQuery(Sort: DiskSort.Size, Descending: true, Skip: 2, Take: 2))).Ok();
        Assert.Equal(bySize.Items.Skip(2).Take(2).Select(d => d.Name), secondPage.Items.Select(d => d.Name));
        Assert.Equal(all.Total, secondPage.Total);
    }

    [Fact]
    public async Task Search_text_over_100_characters_is_refused_naming_the_field()
    {
        var result = await Disks.ListAsync(new DiskListQuery(Search: new string('x', 101)));

        Assert.Equal((ErrorCodes.ValidationFailed, "search"), (result.Error?.Code, result.Error?.Field));
    }

    [Fact]
    public async Task Disk_refusals_come_out_in_Chinese_with_their_codes_unchanged()
    {
        using var _ = InCulture.Chinese();

        var missing = await Disks.DeleteAsync("zh-no-disk", deleteVhd: false, "tests");
        var search = await Disks.ListAsync(new DiskListQuery(Search: new string('x', DiskListQuery.MaxSearchLength + 1)));

        Assert.Equal((ErrorCodes.NotFound, "磁盘“zh-no-disk”不存在。"), (missing.Error?.Code, missing.Error!.Message));
        Assert.Equal(("search", ErrorCodes.ValidationFailed), (search.Error?.Field, search.Error!.Code));
        Assert.Contains("最多", search.Error.Message);
    }
}
