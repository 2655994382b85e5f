using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.StorageHealth;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Capture;

/// <summary>R6–R11 and R13: what a capture makes, names and records.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class CaptureTests(AzuriteFixture azurite) : CaptureFixtureHost(azurite, new TestClock())
{
    /// <summary>On purpose: a blob written by hand at the name a capture would take, to prove the copy gets -01.</summary>
    protected override IReadOnlySet<StorageProblemKind> ProblemsMadeOnPurpose { get; } =
        new HashSet<StorageProblemKind> { StorageProblemKind.OrphanBlob };

    [Fact]
    public async Task A_specialized_capture_of_a_running_VM_copies_every_disk_and_leaves_the_VM_exactly_as_it_was()
    {
        var vm = await AddVmAsync("web1", OsType.Windows, size: "Large", dataDiskLuns: [0, 1, 5, 15]);
        await SetCachingAsync(vm.Id, (0, HostCaching.ReadOnly), (1, HostCaching.None), (5, HostCaching.ReadWrite), (15, HostCaching.ReadOnly));
        var service = vm.CloudService!.Name;
        // Let the guest write a few heartbeats first, so the copies have something to agree on.
        await OperationWaits.WaitUntilAsync(async () => (await Get<DiskStore>().ReadHeartbeatAsync(new Uri(vm.Disks[0].MediaLink))).Value?.Sequence ?? 0UL, s => s >= 1, "a heartbeat");
        var before = await VmFingerprintAsync(vm.Id);

        var started = await Captures.CaptureAsync(service, "web1",
            new CaptureRequest("Specialized", "web-2026", "Web front end", "IIS and the shop", "English", "Shop", "Large",
                Tags: new Dictionary<string, string> { ["env"] = "prod" }), "ops@contoso");

        var operation = await this.WaitForOperationAsync(started.Ok().Id);
        Assert.Equal(OperationStatus.Succeeded, operation.Status);
        Assert.Equal(before, await VmFingerprintAsync(vm.Id));

        await using var db = Db();
        var image = await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == "web-2026");
        Assert.Equal((ImageKind.VMImage, ImageCategory.User, ImageState.Ready, OsState.Specialized, OsType.Windows),
            (image.Kind, image.Category, image.State, image.OsState, image.Os));
        Assert.Equal(("Web front end", "IIS and the shop", "English", "Shop", "Large"),
            (image.Label, image.Description, image.Language, image.ImageFamily, image.RecommendedVmSize));
        Assert.Equal((service, "web1", VmStatus.ReadyRole, "Large"), (image.SourceServiceName, image.SourceVmName, image.RoleStateOnCapture, image.RoleSizeOnCapture));
        Assert.Equal("West US", image.Location);
        Assert.Equal([("env", "prod")], image.Tags.Select(t => (t.Key, t.Value)));

        var date = image.CreatedTime.UtcDateTime.ToString("yyyy-MM-dd");
        var expected = new (int? Lun, string Name, HostCaching Caching)[]
        {
            (null, $"web-2026-os-{date}", HostCaching.ReadWrite),
            (0, $"web-2026-datadisk-0-{date}", HostCaching.ReadOnly),
            (1, $"web-2026-datadisk-1-{date}", HostCaching.None),
            (5, $"web-2026-datadisk-5-{date}", HostCaching.ReadWrite),
            (15, $"web-2026-datadisk-15-{date}", HostCaching.ReadOnly),
        };
        Assert.Equal(expected, image.Disks.OrderBy(d => d.Lun ?? -1).Select(d => (d.Lun, d.Name, d.HostCaching)).ToArray());

        var store = Get<DiskStore>();
        var sequences = new List<ulong>();
        foreach (var config in image.Disks)
        {
            var source = vm.Disks.Single(d => d.Lun == config.Lun);
            var copy = new Uri(config.MediaLink);
            // R7: beside the original, in the same account and container.
            Assert.Equal(new Uri(new Uri(source.MediaLink), ".").AbsoluteUri, new Uri(copy, ".").AbsoluteUri);
            Assert.Equal(config.Name + ".vhd", copy.Segments[^1]);
            Assert.Equal(source.LogicalSizeInGb, config.LogicalSizeInGb);
            Assert.True((await store.ValidateAsync(copy)).IsValid);
            sequences.Add((await store.ReadHeartbeatAsync(copy)).Value!.Sequence);
        }
        // R11: crash-consistent across disks — every copy holds the same instant.
        Assert.Single(sequences.Distinct());
        var osCopy = new Uri(image.Disks.Single(d => d.Lun is null).MediaLink);
        Assert.Equal("web1", (await store.ReadGuestRecordAsync(osCopy)).Value!.ComputerName);
        Assert.DoesNotContain(await BlobsAsync(service), b => b.EndsWith("@snapshot"));
    }

    [Fact]
    public async Task A_generalized_capture_refuses_a_running_VM_then_an_ungeneralized_one_without_any_side_effect()
    {
        var vm = await AddVmAsync("lnx1", OsType.Linux);
        var service = vm.CloudService!.Name;
        var request = new CaptureRequest("Generalized", "lnx-model");

        var running = await Captures.CaptureAsync(service, "lnx1", request, "tests");
        var stop = await Get<VmService>().StopAsync(service, "lnx1", deallocate: true, "tests");
        await this.WaitForSuccessAsync(stop.Ok().Id);
        var before = await VmFingerprintAsync(vm.Id);
        var notGeneralized = await Captures.CaptureAsync(service, "lnx1", request, "tests");

        Assert.Equal(ErrorCodes.VmNotStopped, running.Error?.Code);
        Assert.Equal(ErrorCodes.VmNotGeneralized, notGeneralized.Error?.Code);
        Assert.Contains("waagent -deprovision", notGeneralized.Error!.Message);
        Assert.Equal(before, await VmFingerprintAsync(vm.Id));
        await using var db = Db();
        Assert.False(await db.Images.AnyAsync(i => i.Name == "lnx-model"));
        Assert.Single(db.Operations.Where(o => o.VirtualMachineId == vm.Id)); // the stop, nothing else
        Assert.Empty(await BlobsAsync("lnx-model"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_generalized_capture_deletes_the_VM_after_the_commit_and_keeps_or_deletes_its_disks(bool deleteSourceDisks)
    {
        var vm = await AddVmAsync("gen1", OsType.Windows, dataDiskLuns: [2]);
        var service = vm.CloudService!.Name;
        var generalize = await Get<VmService>().GeneralizeAsync(service, "gen1", "tests");
        await this.WaitForSuccessAsync(generalize.Ok().Id);
        var imageName = "model-" + (deleteSourceDisks ? "d" : "k");

        var capture = await Captures.CaptureAsync(service, "gen1", new CaptureRequest("generalized", imageName, DeleteSourceDisks: deleteSourceDisks), "tests");

        await this.WaitForSuccessAsync(capture.Ok().Id);
        await using var db = Db();
        Assert.False(await db.VirtualMachines.AnyAsync(v => v.Id == vm.Id));
        var image = await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == imageName);
        Assert.Equal((OsState.Generalized, VmStatus.StoppedVM), (image.OsState, image.RoleStateOnCapture));
        Assert.True((await Get<DiskStore>().ReadGuestRecordAsync(new Uri(image.Disks.Single(d => d.Lun is null).MediaLink))).Value!.Generalized);
        foreach (var disk in vm.Disks)
        {
            var row = await db.Disks.SingleOrDefaultAsync(d => d.Name == disk.Name);
            var blobExists = (await Get<DiskStore>().Resolve(new Uri(disk.MediaLink)).Blob.ExistsAsync()).Value;
            if (deleteSourceDisks) Assert.True(row is null && !blobExists, $"{disk.Name} should be gone");
            else Assert.True(row is { VirtualMachineId: null } && blobExists, $"{disk.Name} should be kept unattached");
        }
    }

    [Theory]
    [InlineData("ab", ErrorCodes.InvalidName)]
    [InlineData("-web", ErrorCodes.InvalidName)]
    [InlineData("web image", ErrorCodes.InvalidName)]
    [InlineData("ubuntu-server-14.04-lts", ErrorCodes.ImageNameConflict)]
    public async Task Image_names_follow_R13_and_are_unique_across_OS_and_VM_images_regardless_of_case(string name, string code)
    {
        var vm = await AddVmAsync("nm1");

        var result = await Captures.CaptureAsync(vm.CloudService!.Name, "nm1", new CaptureRequest("Specialized", name), "tests");

        Assert.Equal(code, result.Error?.Code);
        Assert.Equal("imageName", result.Error!.Field);
    }

    [Fact]
    public async Task Two_captures_racing_for_one_name_register_it_once()
    {
        var first = await AddVmAsync("race1");
        var second = await AddVmAsync("race2");

        var results = await Task.WhenAll(
            Captures.CaptureAsync(first.CloudService!.Name, "race1", new CaptureRequest("Specialized", "Race-Image"), "tests"),
            Captures.CaptureAsync(second.CloudService!.Name, "race2", new CaptureRequest("Specialized", "race-image"), "tests"));

        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(ErrorCodes.ImageNameConflict, Assert.Single(results, r => !r.Succeeded).Error!.Code);
    }

    [Fact]
    public async Task On_a_day_whose_os_name_is_taken_the_copy_gets_01_and_the_preview_says_so_first()
    {
        var vm = await AddVmAsync("nn1", dataDiskLuns: [0]);
        var service = vm.CloudService!.Name;
        var account = Get<DiskStore>().Resolve(new Uri(vm.Disks[0].MediaLink)).Account;
        var today = BlobNames.ImageOsDisk("daily", Clock.GetUtcNow());
        await Get<DiskStore>().CreateEmptyDiskAsync(account, BlobNames.Candidate(today, 0), 1);

        var preview = (await Captures.PreviewAsync(service, "nn1", new CaptureRequest("Specialized", "daily"))).Ok();
        var capture = await Captures.CaptureAsync(service, "nn1", new CaptureRequest("Specialized", "daily"), "tests");
        await this.WaitForSuccessAsync(capture.Ok().Id);

        var os = preview.Copies.Single(c => c.Lun is null);
        Assert.Equal($"{today}-01.vhd", os.BlobName);
        Assert.True(os.NameWasTaken);
        Assert.False(preview.Copies.Single(c => c.Lun == 0).NameWasTaken);
        await using var db = Db();
        var image = await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == "daily");
        Assert.Equal($"{today}-01", image.Disks.Single(d => d.Lun is null).Name);
        Assert.True((await Get<DiskStore>().ValidateAsync(new Uri(account.Vhds.Uri + "/" + BlobNames.Candidate(today, 0)))).IsValid);
    }

    [Fact]
    public async Task The_preview_lists_consequences_warnings_and_blockers_for_each_kind_and_state()
    {
        var windows = await AddVmAsync("pv1", OsType.Windows);
        var linux = await AddVmAsync("pv2", OsType.Linux);

        var winSpecialized = (await Captures.PreviewAsync(windows.CloudService!.Name, "pv1", new CaptureRequest("Specialized", "pv-a"))).Ok();
        var linuxSpecialized = (await Captures.PreviewAsync(linux.CloudService!.Name, "pv2", new CaptureRequest("Specialized", "pv-b"))).Ok();
        var generalizedRunning = (await Captures.PreviewAsync(windows.CloudService!.Name, "pv1", new CaptureRequest("Generalized", "pv-c"))).Ok();

        Assert.Equal(["MemoryStateNotCaptured", "ShutDownForConsistency", "UnexpectedShutdownDialog"], winSpecialized.Warnings.Select(w => w.Code));
        Assert.Equal(["MemoryStateNotCaptured", "ShutDownForConsistency"], linuxSpecialized.Warnings.Select(w => w.Code));
        Assert.Contains("'pv1' stays running and is left exactly as it is.", winSpecialized.Consequences);
        Assert.True(winSpecialized.CanCapture);
        Assert.Empty(generalizedRunning.Warnings);
        Assert.Contains("'pv1' will be deleted after the image is committed.", generalizedRunning.Consequences);
        Assert.Equal(ErrorCodes.VmNotStopped, Assert.Single(generalizedRunning.Blockers).Code);
    }

    private async Task SetCachingAsync(int vmId, params (int Lun, HostCaching Caching)[] settings)
    {
        await using var db = Db();
        foreach (var (lun, caching) in settings)
            (await db.Disks.SingleAsync(d => d.VirtualMachineId == vmId && d.Lun == lun)).HostCaching = caching;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task A_Chinese_reader_is_told_in_Chinese_why_a_generalized_capture_is_blocked_and_the_code_stays()
    {
        var vm = await AddVmAsync("zh1", OsType.Linux);
        using var _ = InCulture.Chinese();

        var running = await Captures.CaptureAsync(vm.CloudService!.Name, "zh1", new CaptureRequest("Generalized", "zh-model"), "tests");
        var preview = (await Captures.PreviewAsync(vm.CloudService.Name, "zh1", new CaptureRequest("Specialized", "zh-model"))).Ok();

        Assert.Equal(ErrorCodes.VmNotStopped, running.Error?.Code);
        Assert.Contains("通用化捕捉", running.Error!.Message);
        Assert.Contains("“zh1”保持运行", preview.Consequences[0]);
        Assert.Contains("内存状态", preview.Warnings[0].Message);
        Assert.Equal("MemoryStateNotCaptured", preview.Warnings[0].Code);
    }
}
