using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Seeding;
using VmPortal.Core.Storage;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Api;

[Collection(typeof(ApiPortal))]
public sealed class DiskApiTests(PortalApp app)
{
    private const string Path = "/api/disks";
    private readonly HttpClient _http = app.AdminClient();
    private DiskStore Store => app.Services.GetRequiredService<DiskStore>();

    [Fact]
    public async Task Disks_are_listed_with_allocated_bytes_and_attachment()
    {
        var (name, _) = await AddDiskAsync();

        var disk = (await _http.GetJsonAsync($"{Path}?take=1000")).GetProperty("items").EnumerateArray()
            .Single(d => d.GetProperty("name").GetString() == name);

        Assert.Equal(1, disk.GetProperty("logicalSizeInGb").GetInt32());
        Assert.True(disk.GetProperty("allocatedBytes").GetInt64() > 0, "the footer page is stored");
        Assert.Equal("None", disk.GetProperty("hostCaching").GetString());
        Assert.Equal(JsonValueKind.Null, disk.GetProperty("attachedTo").ValueKind);
        Assert.Equal(3, disk.GetProperty("lun").GetInt32());
    }

    [Fact]
    public async Task Delete_with_deleteVhd_answers_202_with_an_operation_that_removes_row_and_blob()
    {
        var (name, blob) = await AddDiskAsync();

        using var response = await _http.DeleteAsync($"{Path}/{name}?deleteVhd=true");

        var operation = await response.JsonAsync(HttpStatusCode.Accepted);
        var id = operation.GetProperty("id").GetString();
        Assert.Equal($"/api/operations/{id}", response.Headers.Location?.ToString());
        Assert.Equal("DeleteDisk", operation.GetProperty("kind").GetString());
        Assert.Equal($"disks/{name}", operation.GetProperty("target").GetString());
        var done = await OperationPolling.UntilFinishedAsync(_http, id!);
        Assert.Equal("Succeeded", done.GetProperty("status").GetString());
        Assert.Equal(100, done.GetProperty("progress").GetInt32());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("error").ValueKind);
        Assert.DoesNotContain(name, await _http.NamesAsync(Path));
        Assert.False(await Store.Resolve(blob).Blob.ExistsAsync());
    }

    [Fact]
    public async Task Delete_without_deleteVhd_keeps_the_blob()
    {
        var (name, blob) = await AddDiskAsync();

        using var response = await _http.DeleteAsync($"{Path}/{name}");

        var operation = await response.JsonAsync(HttpStatusCode.Accepted);
        var done = await OperationPolling.UntilFinishedAsync(_http, operation.GetProperty("id").GetString()!);
        Assert.Equal("Succeeded", done.GetProperty("status").GetString());
        Assert.DoesNotContain(name, await _http.NamesAsync(Path));
        Assert.True(await Store.Resolve(blob).Blob.ExistsAsync());
        await app.DeleteBlobsAsync(blob);
    }

    [Fact]
    public async Task An_attached_disk_is_DiskInUse_and_nothing_changes()
    {
        var (name, blob) = await AddDiskAsync(attachTo: ApiClient.UniqueName("svc"));
        var operationsBefore = (await _http.GetJsonAsync("/api/operations?take=1000")).GetProperty("total").GetInt32();

        using var response = await _http.DeleteAsync($"{Path}/{name}?deleteVhd=true");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "DiskInUse");
        Assert.Contains("detach", problem.GetProperty("detail").GetString());
        var disk = (await _http.GetJsonAsync($"{Path}?take=1000")).GetProperty("items").EnumerateArray()
            .Single(d => d.GetProperty("name").GetString() == name);
        Assert.Equal("vm1", disk.GetProperty("attachedTo").GetProperty("vmName").GetString());
        Assert.True(await Store.Resolve(blob).Blob.ExistsAsync());
        Assert.Equal(operationsBefore, (await _http.GetJsonAsync("/api/operations?take=1000")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_disk_already_being_deleted_is_DiskInUse()
    {
        var (name, blob) = await AddDiskAsync();
        // A delete some other portal instance holds the lease on: this portal's worker leaves it alone.
        await using (var db = await app.DbAsync())
        {
            db.Operations.Add(new Operation
            {
                Id = Guid.NewGuid(), Kind = OperationKinds.DeleteDisk, Target = OperationTargets.Disk(name),
                Status = OperationStatus.InProgress, LeaseOwner = "elsewhere", LeaseExpires = DateTimeOffset.UtcNow.AddHours(1),
                CreatedTime = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        using var response = await _http.DeleteAsync($"{Path}/{name}?deleteVhd=true");

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "DiskInUse");
        Assert.Contains(name, await _http.NamesAsync(Path));
        Assert.True(await Store.Resolve(blob).Blob.ExistsAsync());
    }

    [Fact]
    public async Task An_unknown_disk_is_NotFound()
    {
        using var response = await _http.DeleteAsync($"{Path}/no-such-disk?deleteVhd=true");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    /// <summary>
    /// A real 1 GiB sparse disk catalogued as a data disk at LUN 3: unattached in the first storage account, or attached
    /// to a VM "vm1" in a new cloud service. That VM is made as the portal makes every VM, with its OS disk: the portal is
    /// shared, and its VM list reads each VM's OS disk.
    /// </summary>
    private async Task<(string Name, Uri Blob)> AddDiskAsync(string? attachTo = null)
    {
        if (attachTo is not null)
        {
            var vm = await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
                attachTo, "West US", "vm1", "Ubuntu-Server-14.04-LTS", "Small", VmStatus.StoppedDeallocated, "opsadmin",
                [new DemoData.DemoDisk(3, 1, HostCaching.None)]));
            var data = Assert.Single(vm.Disks, d => d.Lun == 3);
            return (data.Name, new Uri(data.MediaLink));
        }
        var name = ApiClient.UniqueName("disk");
        var account = app.Services.GetRequiredService<BlobAccounts>().All[0];
        var blob = await Store.CreateEmptyDiskAsync(account, $"{name}.vhd", 1);
        await using var db = await app.DbAsync();
        db.Disks.Add(new Disk { Name = name, MediaLink = blob.AbsoluteUri, LogicalSizeInGb = 1, Lun = 3 });
        await db.SaveChangesAsync();
        return (name, blob);
    }
}
