using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Deploy;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Worker;

/// <summary>
/// What an operation keeps for its page: every step with its times, and for a capture or deploy every disk it copies with its
/// bytes — live on the feed while it runs, and in the database once it ended, at 100 %.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class OperationStepsTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    private const string SshKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ops@contoso";
    private const long TenGb = 10L * 1024 * 1024 * 1024 + 512;

    [Fact]
    public async Task A_capture_records_its_steps_and_each_disks_bytes_and_ends_every_disk_copied_and_verified_at_100_percent()
    {
        var vm = await AddVmAsync("web1", OsType.Linux, dataDiskLuns: [0, 3]);
        var updates = new ConcurrentQueue<OperationUpdate>();
        using var feed = Get<OperationEvents>().Subscribe(updates.Enqueue);

        var started = await Get<CaptureService>().CaptureAsync(vm.CloudService!.Name, "web1",
            new CaptureRequest("Specialized", "web1-steps"), "ops@contoso");
        var operation = await this.WaitForSuccessAsync(started.Ok().Id);

        Assert.Equal(100, operation.Progress);
        var osBytes = vm.Disks.Single(d => d.Lun is null).LogicalSizeInGb * 1024L * 1024 * 1024 + 512;
        Assert.Equal(
            [("OS disk", osBytes, osBytes, DiskCopyPhase.Done), ("Data disk LUN 0", TenGb, TenGb, DiskCopyPhase.Done), ("Data disk LUN 3", TenGb, TenGb, DiskCopyPhase.Done)],
            operation.Disks.Select(d => (d.Disk, d.TotalBytes, d.CopiedBytes, d.Phase)));
        Assert.All(operation.Disks, d => Assert.Equal(100, d.Percent));
        Assert.Equal(["Snapshotting 3 disks at one instant", "Copying 3 disks", "Registering the image"], operation.Steps.Select(s => s.Name));
        AssertTimed(operation);

        // Live: every disk was seen waiting, copying and verifying before it was done, and the last word is the outcome.
        var mine = updates.Where(u => u.Id == operation.Id).ToList();
        foreach (var disk in new[] { "OS disk", "Data disk LUN 0", "Data disk LUN 3" })
        {
            var phases = mine.SelectMany(u => u.Disks).Where(d => d.Disk == disk).Select(d => d.Phase).Distinct().ToList();
            Assert.Equal([DiskCopyPhase.Waiting, DiskCopyPhase.Copying, DiskCopyPhase.Verifying, DiskCopyPhase.Done], phases);
        }
        Assert.Equal((OperationStatus.Succeeded, 100, "ops@contoso"), (mine[^1].Status, mine[^1].Progress, mine[^1].RequestedBy));
        Assert.All(mine[^1].Steps, s => Assert.NotNull(s.EndedTime));
    }

    [Fact]
    public async Task A_deploy_of_two_VMs_names_each_VMs_disks_and_the_API_view_carries_steps_disks_and_who_asked()
    {
        var service = "d" + Guid.NewGuid().ToString("N")[..12];
        var deploy = await Get<DeployService>().DeployAsync(service, new DeployRequest("web", "Ubuntu-Server-14.04-LTS", "Small", "West US",
            Count: 2, Provisioning: new ProvisioningData("web", "azureuser", SshPublicKey: SshKey)), "deployer");
        var operation = await this.WaitForSuccessAsync(deploy.Ok().Id);

        Assert.Equal(["web1 · OS disk", "web2 · OS disk"], operation.Disks.Select(d => d.Disk).Order());
        Assert.All(operation.Disks, d => Assert.Equal((DiskCopyPhase.Done, d.TotalBytes), (d.Phase, d.CopiedBytes)));
        Assert.Contains("Copying 2 disks from 'Ubuntu-Server-14.04-LTS'", operation.Steps.Select(s => s.Name));
        AssertTimed(operation);

        var view = (await Get<OperationQueries>().GetAsync(operation.Id)).Ok();
        Assert.Equal(("deployer", 2, operation.Steps.Count), (view.RequestedBy, view.Disks!.Count, view.Steps!.Count));
        Assert.NotNull(view.StartedTime);
    }

    [Fact]
    public void Storage_copy_progress_reads_as_bytes_and_a_disk_is_100_percent_only_when_done()
    {
        Assert.Equal(new CopiedBytes(512, 2048), CopiedBytes.Parse("512/2048"));
        Assert.Null(CopiedBytes.Parse(null));
        Assert.Null(CopiedBytes.Parse("half"));
        Assert.Equal(25, new DiskProgress("OS disk", 2048, 512, DiskCopyPhase.Copying).Percent);
        Assert.Equal(99, new DiskProgress("OS disk", 2048, 2048, DiskCopyPhase.Verifying).Percent);
        Assert.Equal(100, new DiskProgress("OS disk", 2048, 2048, DiskCopyPhase.Done).Percent);
    }

    /// <summary>Every step began after the one before, and each ended when the next began; the last ended with the operation.</summary>
    private static void AssertTimed(Operation operation)
    {
        Assert.NotEmpty(operation.Steps);
        for (var i = 0; i < operation.Steps.Count; i++)
        {
            var step = operation.Steps[i];
            Assert.NotNull(step.EndedTime);
            Assert.True(step.EndedTime >= step.StartedTime, $"{step.Name} ended before it began");
            if (i + 1 < operation.Steps.Count) Assert.Equal(step.EndedTime, operation.Steps[i + 1].StartedTime);
        }
        // The database keeps the completion time to the millisecond; the step keeps it whole.
        Assert.InRange((operation.Steps[^1].EndedTime! - operation.CompletedTime!).Value, TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_capture_requested_in_Chinese_reports_its_steps_disks_and_outcome_in_Chinese()
    {
        var vm = await AddVmAsync("zh1", OsType.Linux, dataDiskLuns: [0]);
        Operation operation;
        using (InCulture.Chinese())
        {
            var started = await Get<CaptureService>().CaptureAsync(vm.CloudService!.Name, "zh1", new CaptureRequest("Specialized", "zh1-steps"), "ops@contoso");
            Assert.Equal("已排队", started.Ok().StatusMessage);
            operation = await this.WaitForSuccessAsync(started.Ok().Id);
        }

        Assert.Equal("zh-CN", operation.Culture);
        Assert.Equal(["正在同一时刻为 2 个磁盘创建快照", "正在复制 2 个磁盘", "正在注册映像"], operation.Steps.Select(s => s.Name));
        Assert.Equal(["操作系统磁盘", "数据磁盘 LUN 0"], operation.Disks.Select(d => d.Disk));
        Assert.Equal("已成功", operation.StatusMessage);
    }
}
