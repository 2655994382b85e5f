using Azure.Core;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Deploy;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;
using VmPortal.Testing.Faults;

namespace VmPortal.Core.Tests.Deploy;

/// <summary>R20–R28: deploys from OS images and VM images, their refusals, and all-or-nothing.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class DeployTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    private FaultSeams Faults { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => Faults.AddTo(services);

    private const string SshKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ops@contoso";
    private static readonly ProvisioningData Linux = new("web", "azureuser", SshPublicKey: SshKey);
    private static readonly ProvisioningData Windows = new("web", "admin", "adminPassword123");

    private DeployService Deploys => Get<DeployService>();

    [Fact]
    public async Task A_deploy_whose_rollback_broke_on_storage_and_was_resumed_reports_StorageFailed()
    {
        var service = NewService();
        // The copy is refused for good; the rollback's first listing of the disk container is refused too (the client's
        // four tries), so the attempt breaks on storage and the next one, resumed, rolls back.
        var copy = Faults.Storage.When(c => c.Header("x-ms-copy-source") is not null)
            .Then(new StorageFaults.Fault.Answer(503, "ServerBusy", TimeSpan.FromMilliseconds(10)));
        var listing = Faults.Storage.When(c => c.Method == RequestMethod.Get && c.HasQuery("comp", "list") && c.Path.Contains("/vhds"))
            .Then(new StorageFaults.Fault.Answer(503, "ServerBusy", TimeSpan.FromMilliseconds(10))).Times(4);

        var deploy = await Deploys.DeployAsync(service, new DeployRequest("web", "Ubuntu-Server-14.04-LTS", "Small", "West US",
            Provisioning: Linux), "ops");
        var operation = await this.WaitForOperationAsync(deploy.Ok().Id, TimeSpan.FromSeconds(60));

        Assert.True(copy.Reached.IsCompleted && listing.Reached.IsCompleted, "the faults never applied: the test proves nothing");
        Assert.Equal(2, operation.Attempts);
        Assert.Equal((OperationStatus.Failed, ErrorCodes.StorageFailed), (operation.Status, operation.ErrorCode));
        await using var db = Db();
        Assert.False(await db.CloudServices.AnyAsync(c => c.Name == service), "the rollback removes the cloud service it made");
    }

    [Fact]
    public async Task A_public_image_deploys_into_a_new_cloud_service_with_its_own_copy_and_a_provisioned_guest()
    {
        var service = NewService();

        var deploy = await Deploys.DeployAsync(service, new DeployRequest("web", "Ubuntu-Server-14.04-LTS", "Small", "West US",
            WaitForBoot: true, Provisioning: Linux), "ops");

        Assert.True(deploy.Succeeded, deploy.Error?.Message);
        await this.WaitForSuccessAsync(deploy.Ok().Id);
        await using var db = Db();
        var vm = await db.WithDisks().SingleAsync(v => v.CloudService!.Name == service);
        // waitForBoot: done means the guest answers.
        Assert.Equal((VmStatus.ReadyRole, true, "Small", "West US"), (vm.Status, vm.GuestReady, vm.InstanceSize, vm.CloudService!.Location));
        Assert.Equal("SSH", Assert.Single(vm.Endpoints).Name);
        var os = new Uri(vm.Disks.Single().MediaLink);
        Assert.StartsWith($"{service}-web-os-", os.Segments[^1]);
        Assert.Equal(Storage.West.Name, Get<DiskStore>().Resolve(os).Account.Name);
        var guest = (await Get<DiskStore>().ReadGuestRecordAsync(os)).Value!;
        Assert.Equal(("web", "azureuser", true, false), (guest.ComputerName, guest.AdminUserName, guest.Provisioned, guest.Generalized));
        Assert.Equal(guest.MachineId, vm.MachineId);
        // The image's own blob is never attached and stays generalized (R23).
        var image = await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == "Ubuntu-Server-14.04-LTS");
        var replica = image.Disks.Single(d => d.Location == "West US");
        Assert.NotEqual(replica.MediaLink, os.AbsoluteUri);
        Assert.True((await Get<DiskStore>().ReadGuestRecordAsync(new Uri(replica.MediaLink))).Value!.Generalized);
    }

    public static TheoryData<string, DeployRequest, string> Refusals => new()
    {
        { "missing provisioning", new DeployRequest("web", "Windows-Server-2012-R2-Datacenter", "Small", "West US"), ErrorCodes.ProvisioningRequired },
        { "linux without key or password", new DeployRequest("web", "CentOS-6.5", "Small", "West US", Provisioning: new ProvisioningData("h", "u")), ErrorCodes.ProvisioningRequired },
        { "weak password", new DeployRequest("web", "Windows-Server-2012-R2-Datacenter", "Small", "West US", Provisioning: new ProvisioningData("web", "admin", "password")), ErrorCodes.WeakPassword },
        { "bad key", new DeployRequest("web", "CentOS-6.5", "Small", "West US", Provisioning: new ProvisioningData("h", "u", SshPublicKey: "ssh-rsa not-a-key")), ErrorCodes.InvalidSshKey },
        { "windows name too long", new DeployRequest("a-very-long-name1", "Windows-Server-2012-R2-Datacenter", "Small", "West US", Provisioning: Windows), ErrorCodes.InvalidName },
        { "all digits", new DeployRequest("12345", "CentOS-6.5", "Small", "West US", Provisioning: Linux), ErrorCodes.InvalidName },
        { "unknown size", new DeployRequest("web", "CentOS-6.5", "Huge", "West US", Provisioning: Linux), ErrorCodes.ValidationFailed },
        { "unknown image", new DeployRequest("web", "no-such-image", "Small", "West US", Provisioning: Linux), ErrorCodes.NotFound },
        { "no service, no location", new DeployRequest("web", "CentOS-6.5", "Small", Provisioning: Linux), ErrorCodes.NotFound },
        { "no storage there", new DeployRequest("web", "CentOS-6.5", "Small", "East Asia", Provisioning: Linux), ErrorCodes.LocationMismatch },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_deploy_answers_its_code_and_leaves_nothing_behind(string why, DeployRequest request, string code)
    {
        var service = NewService();

        var result = await Deploys.DeployAsync(service, request, "tests");

        Assert.True(code == result.Error?.Code, $"{why}: {result.Error?.Code} {result.Error?.Message}");
        await using var db = Db();
        Assert.False(await db.CloudServices.AnyAsync(c => c.Name == service));
        Assert.False(await db.Operations.AnyAsync(o => o.Kind == OperationKinds.DeployVm && o.Target.Contains(service)));
        Assert.Empty(await BlobsAsync(service));
    }

    [Fact]
    public async Task The_password_is_refused_naming_what_it_lacks()
    {
        var result = await Deploys.DeployAsync(NewService(), new DeployRequest("web", "Windows-Server-2012-R2-Datacenter", "Small", "West US",
            Provisioning: new ProvisioningData("web", "admin", "alllowercase1")), "tests");

        Assert.Equal(ErrorCodes.WeakPassword, result.Error?.Code);
        Assert.Contains("lacks an upper-case letter and a symbol", result.Error!.Message);
    }

    [Fact]
    public async Task A_user_image_deploys_only_into_its_own_location_and_the_message_names_both()
    {
        var source = await AddVmAsync("src1", dataDiskLuns: [0, 1, 2]);
        var image = await CaptureAsync(source, "three-disks", "Specialized");
        var east = NewService();

        var wrongPlace = await Deploys.DeployAsync(east, new DeployRequest("c1", image, "Large", "East US"), "tests");
        var tooSmall = await Deploys.DeployAsync(NewService(), new DeployRequest("c1", image, "Small", "West US"), "tests");
        var withProvisioning = await Deploys.DeployAsync(NewService(), new DeployRequest("c1", image, "Large", "West US", Provisioning: Linux), "tests");

        Assert.Equal(ErrorCodes.LocationMismatch, wrongPlace.Error?.Code);
        Assert.Contains("West US", wrongPlace.Error!.Message);
        Assert.Contains("East US", wrongPlace.Error!.Message);
        Assert.Equal(ErrorCodes.InstanceSizeTooSmall, tooSmall.Error?.Code);
        Assert.Equal(ErrorCodes.ProvisioningNotAllowedForSpecializedImage, withProvisioning.Error?.Code);
    }

    [Fact]
    public async Task A_VM_name_taken_in_the_cloud_service_is_a_conflict()
    {
        var existing = await AddVmAsync("web");

        var result = await Deploys.DeployAsync(existing.CloudService!.Name, new DeployRequest("web", "CentOS-6.5", "Small", Provisioning: Linux), "tests");

        Assert.Equal(ErrorCodes.NameConflict, result.Error?.Code);
    }

    [Fact]
    public async Task Specialized_round_trip_copies_keep_the_source_identity_and_clones_in_one_network_need_acknowledgement()
    {
        var source = await AddVmAsync("golden", OsType.Windows, dataDiskLuns: [0]);
        await using (var db = Db())
        {
            db.VirtualNetworks.Add(new VirtualNetwork { Name = "prod-net", Location = "West US", AddressSpace = "10.0.0.0/16", Subnets = [new Subnet { Name = "app", AddressPrefix = "10.0.1.0/24" }] });
            await db.SaveChangesAsync();
        }
        var image = await CaptureAsync(source, "golden-snap", "Specialized");
        var sourceMachine = (await this.VmAsync(source.Id)).MachineId;
        var network = new NetworkConfiguration("prod-net", "app");

        var first = await Deploys.DeployAsync(NewService(), new DeployRequest("copy1", image, "Medium", "West US", Network: network), "tests");
        var firstDone = await this.WaitForOperationAsync(first.Ok().Id);
        var secondService = NewService();
        var refused = await Deploys.DeployAsync(secondService, new DeployRequest("copy2", image, "Medium", "West US", Network: network), "tests");
        var second = await Deploys.DeployAsync(secondService, new DeployRequest("copy2", image, "Medium", "West US", Network: network, AcknowledgeSpecializedClone: true), "tests");
        await this.WaitForSuccessAsync(second.Ok().Id);

        Assert.Equal(OperationStatus.Succeeded, firstDone.Status);
        Assert.Equal(ErrorCodes.SpecializedCloneAcknowledgementRequired, refused.Error?.Code);
        var copies = (await Get<VmQueries>().ListAsync(new VmListQuery(Search: "copy"))).Items;
        Assert.Equal(2, copies.Count);
        Assert.All(copies, c => Assert.Equal(sourceMachine, c.MachineId));
        Assert.All(copies, c => Assert.True(c.SharesMachineId));
        // R25: captured while running, so the copies' first boot remembers an unexpected shutdown; R22: same identity.
        var details = (await Get<VmQueries>().GetAsync(copies[0].ServiceName, copies[0].Name)).Ok();
        Assert.True(details.Guest!.LastShutdownUnexpected);
        Assert.Equal("golden", details.Guest.ComputerName);
        Assert.Single(details.DataDisks);
    }

    [Fact]
    public async Task A_specialized_deploy_runs_quickly_but_is_not_ready_until_the_guest_is()
    {
        var source = await AddVmAsync("quick", OsType.Linux);
        var image = await CaptureAsync(source, "quick-snap", "Specialized");

        var deploy = await Deploys.DeployAsync(NewService(), new DeployRequest("q1", image, "Small", "West US"), "tests");
        await this.WaitForSuccessAsync(deploy.Ok().Id);

        await using var db = Db();
        var vm = await db.VirtualMachines.SingleAsync(v => v.Name == "q1");
        Assert.Equal(PowerState.Started, vm.PowerState);
        Assert.True(vm.Status is VmStatus.RoleStateUnknown or VmStatus.ReadyRole);
        await OperationWaits.WaitUntilAsync(() => this.VmAsync(vm.Id), v => v.Status == VmStatus.ReadyRole, "ReadyRole");
    }

    [Fact]
    public async Task A_generalized_image_deploys_five_VMs_in_one_request_each_with_its_own_identity()
    {
        var source = await AddVmAsync("model", OsType.Windows);
        var generalize = await Get<VmService>().GeneralizeAsync(source.CloudService!.Name, "model", "tests");
        await this.WaitForSuccessAsync(generalize.Ok().Id);
        var image = await CaptureAsync(source, "web-model", "Generalized");
        var service = NewService();

        var deploy = await Deploys.DeployAsync(service, new DeployRequest("web", image, "Small", "West US", Provisioning: Windows, Count: 5), "tests");

        await this.WaitForSuccessAsync(deploy.Ok().Id);
        await using var db = Db();
        var vms = await db.WithDisks().Where(v => v.CloudService!.Name == service).OrderBy(v => v.Name).ToListAsync();
        Assert.Equal(["web1", "web2", "web3", "web4", "web5"], vms.Select(v => v.Name));
        Assert.Equal(5, vms.Select(v => v.MachineId).Distinct().Count());
        Assert.Equal(5, vms.Select(v => v.Disks.Single().MediaLink).Distinct().Count());
        // Five VMs share one public address: RDP 3389 for the first, free high ports for the others.
        Assert.Equal(5, vms.Select(v => v.Endpoints.Single().PublicPort).Distinct().Count());
        var names = new List<string?>();
        foreach (var vm in vms) names.Add((await Get<DiskStore>().ReadGuestRecordAsync(new Uri(vm.Disks.Single().MediaLink))).Value!.ComputerName);
        Assert.Equal(["web1", "web2", "web3", "web4", "web5"], names);
    }

    [Fact]
    public async Task A_deploy_whose_copy_fails_leaves_no_VM_no_blob_and_no_cloud_service()
    {
        var source = await AddVmAsync("fragile", dataDiskLuns: [0]);
        var image = await CaptureAsync(source, "fragile-snap", "Specialized");
        await using (var db = Db())
        {
            // Someone removes a blob behind the portal's back after the deploy was accepted: the copy of that disk fails mid-deploy.
            var data = (await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == image)).Disks.Single(d => d.Lun == 0);
            Faults.Storage.When(c => c.IsCopyFrom(data.MediaLink.Split('/')[^1])).Then(new StorageFaults.Fault.Answer(404, "CannotVerifyCopySource"));
        }
        var service = NewService();

        var deploy = await Deploys.DeployAsync(service, new DeployRequest("f1", image, "Small", "West US"), "tests");
        var operation = await this.WaitForOperationAsync(deploy.Ok().Id);

        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Contains("Cleaned up", operation.ErrorMessage);
        await using var check = Db();
        Assert.False(await check.CloudServices.AnyAsync(c => c.Name == service));
        Assert.False(await check.VirtualMachines.AnyAsync(v => v.Name == "f1"));
        Assert.Empty(await BlobsAsync(service));
    }

    private static string NewService() => "d" + Guid.NewGuid().ToString("N")[..12];

    private async Task<string> CaptureAsync(VirtualMachine vm, string name, string osState)
    {
        var capture = await Get<CaptureService>().CaptureAsync(vm.CloudService!.Name, vm.Name, new CaptureRequest(osState, name), "tests");
        Assert.True(capture.Succeeded, capture.Error?.Message);
        await this.WaitForSuccessAsync(capture.Ok().Id);
        return name;
    }

    private async Task<List<string>> BlobsAsync(string prefix)
    {
        var names = new List<string>();
        foreach (var account in Get<BlobAccounts>().All)
            await foreach (var blob in account.Vhds.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix })) names.Add(blob.Name);
        return names;
    }

    [Fact]
    public async Task A_Chinese_reader_is_refused_in_Chinese_and_the_code_stays()
    {
        using var _ = InCulture.Chinese();

        var missing = await Deploys.DeployAsync(NewService(), new DeployRequest("web", "no-such-image", "Small", "West US", Provisioning: Linux), "tests");
        var size = await Deploys.DeployAsync(NewService(), new DeployRequest("web", "CentOS-6.5", "Huge", "West US", Provisioning: Linux), "tests");

        Assert.Equal(ErrorCodes.NotFound, missing.Error?.Code);
        Assert.Equal("映像“no-such-image”不存在。", missing.Error!.Message);
        Assert.Equal(ErrorCodes.ValidationFailed, size.Error?.Code);
        Assert.Contains("不是实例大小", size.Error!.Message);
    }
}
