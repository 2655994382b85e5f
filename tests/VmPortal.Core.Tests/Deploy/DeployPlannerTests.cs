using VmPortal.Core.Catalogue;
using VmPortal.Core.Deploy;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Deploy;

/// <summary>The deploy rules that need no database or storage: names, endpoints, the image's disks, provisioning (R20–R28).</summary>
public sealed class DeployPlannerTests
{
    [Fact]
    public void One_vm_keeps_its_name_and_a_bulk_deploy_numbers_names_and_computer_names_alike()
    {
        Assert.Equal(["web"], DeployPlanner.VmNames("web", 1));
        Assert.Equal(["web1", "web2", "web3"], DeployPlanner.VmNames("web", 3));
        Assert.Equal("WEBHOST", DeployPlanner.ComputerNameFor("WEBHOST", 1, 0));
        Assert.Equal("WEBHOST2", DeployPlanner.ComputerNameFor("WEBHOST", 3, 1));
        Assert.Null(DeployPlanner.ComputerNameFor(null, 3, 1));
    }

    [Fact]
    public void The_default_endpoint_is_ssh_for_linux_and_rdp_for_windows_and_a_taken_public_port_moves_up()
    {
        Assert.Equal(("SSH", 22, 22), Only(DeployPlanner.PlanEndpoints(null, OsType.Linux, 1, null, out var none)[0]));
        Assert.Null(none);
        Assert.Equal(("RemoteDesktop", 3389, 3389), Only(DeployPlanner.PlanEndpoints(null, OsType.Windows, 1, null, out _)[0]));

        var bulk = DeployPlanner.PlanEndpoints(null, OsType.Linux, 3, ServiceWith(publicPorts: [55001]), out _);
        Assert.Equal([22, 55002, 55003], bulk.Select(e => Only(e).PublicPort));
        Assert.All(bulk, e => Assert.Equal(22, Only(e).LocalPort));
    }

    [Fact]
    public void A_requested_public_port_the_cloud_service_already_uses_is_a_conflict()
    {
        var endpoints = DeployPlanner.PlanEndpoints([new EndpointRequest("web", "TCP", 80, 8080)], OsType.Linux, 1,
            ServiceWith(publicPorts: [80]), out var conflict);

        Assert.Empty(endpoints);
        Assert.Equal((ErrorCodes.NameConflict, "network.endpoints"), (conflict?.Code, conflict?.Field));
    }

    [Fact]
    public void Requested_endpoints_go_to_the_first_vm_and_their_local_ports_to_the_others_on_free_public_ports()
    {
        var endpoints = DeployPlanner.PlanEndpoints([new EndpointRequest("web", "TCP", 80, 8080)], OsType.Linux, 2, null, out _);

        Assert.Equal(("web", 80, 8080), Only(endpoints[0]));
        Assert.Equal("tcp", endpoints[0][0].Protocol);
        Assert.Equal(("web", 8080, 8080), Only(endpoints[1]));
    }

    [Theory]
    [InlineData("", "tcp", 80, 80, "network.endpoints[0].name", ErrorCodes.InvalidName)]
    [InlineData("web\n", "tcp", 80, 80, "network.endpoints[0].name", ErrorCodes.InvalidName)]
    [InlineData("web", "icmp", 80, 80, "network.endpoints[0].protocol", ErrorCodes.ValidationFailed)]
    [InlineData("web", "tcp", 0, 80, "network.endpoints[0]", ErrorCodes.ValidationFailed)]
    [InlineData("web", "udp", 80, 65536, "network.endpoints[0]", ErrorCodes.ValidationFailed)]
    public void A_malformed_endpoint_is_refused_naming_its_field(string name, string protocol, int publicPort, int localPort, string field, string code)
    {
        var error = DeployPlanner.CheckEndpointFormats([new EndpointRequest(name, protocol, publicPort, localPort)]);
        Assert.Equal((code, field), (error?.Code, error?.Field));
    }

    [Fact]
    public void The_same_public_port_twice_is_refused()
    {
        var error = DeployPlanner.CheckEndpointFormats([new("a", "tcp", 80, 80), new("b", "TCP", 80, 81)]);
        Assert.Equal(ErrorCodes.ValidationFailed, error?.Code);
        Assert.Contains("80", error!.Message);
    }

    [Fact]
    public void A_user_image_has_disks_only_in_its_own_location_os_disk_first()
    {
        var image = UserImage("West US", luns: [1, 0]);

        var plan = DeployPlanner.PlanDisks(image, "west us");

        Assert.Equal([null, 0, 1], plan!.Select(d => d.Lun));
        Assert.Null(DeployPlanner.PlanDisks(image, "East US"));
    }

    [Fact]
    public void A_public_image_deploys_from_its_replica_in_the_location()
    {
        var image = new Image
        {
            Name = "Ubuntu", Label = "Ubuntu", Location = "West US", Category = ImageCategory.Public, Kind = ImageKind.OSImage,
            Disks = [Disk(null, "West US", "http://west/vhds/u.vhd"), Disk(null, "East US", "http://east/vhds/u.vhd")],
        };

        Assert.Equal("http://east/vhds/u.vhd", DeployPlanner.PlanDisks(image, "East US")!.Single().MediaLink);
        Assert.Null(DeployPlanner.PlanDisks(image, "North Europe"));
    }

    [Fact]
    public void A_specialized_image_refuses_provisioning_and_bulk_deploys()
    {
        var image = UserImage("West US", os: OsType.Windows, osState: OsState.Specialized);

        Assert.Equal(ErrorCodes.ProvisioningNotAllowedForSpecializedImage,
            DeployPlanner.CheckProvisioning(image, new ProvisioningData("host", "ops", "Passw0rd!"), 1)?.Code);
        Assert.Equal((ErrorCodes.ValidationFailed, "count"), (DeployPlanner.CheckProvisioning(image, null, 2)?.Code, DeployPlanner.CheckProvisioning(image, null, 2)?.Field));
        Assert.Null(DeployPlanner.CheckProvisioning(image, null, 1));
    }

    [Fact]
    public void A_generalized_image_requires_what_its_os_needs_and_says_what_is_missing()
    {
        var windows = UserImage("West US", os: OsType.Windows);
        var linux = UserImage("West US", os: OsType.Linux);

        var missing = DeployPlanner.CheckProvisioning(windows, new ProvisioningData("host", "ops"), 1);
        Assert.Equal(ErrorCodes.ProvisioningRequired, missing?.Code);
        Assert.Contains("admin password", missing!.Message);
        Assert.Contains("a password or an SSH public key", DeployPlanner.CheckProvisioning(linux, new ProvisioningData("host", "ops"), 1)!.Message);
        Assert.Null(DeployPlanner.CheckProvisioning(linux, new ProvisioningData("host", "ops", SshPublicKey: "ssh-ed25519 AAAA"), 1));
        Assert.Null(DeployPlanner.CheckProvisioning(windows, new ProvisioningData("host", "ops", "Passw0rd!"), 1));
    }

    [Fact]
    public void Credential_formats_are_checked_before_anything_else()
    {
        Assert.Equal(ErrorCodes.WeakPassword, DeployPlanner.CheckCredentialFormats(new ProvisioningData("host", "ops", "short"))?.Code);
        // A user name is a name: the one rule set refuses it as InvalidName (a space, here).
        Assert.Equal((ErrorCodes.InvalidName, "provisioning.adminUserName"),
            (DeployPlanner.CheckCredentialFormats(new ProvisioningData("host", "ops man", "Passw0rd!"))?.Code,
             DeployPlanner.CheckCredentialFormats(new ProvisioningData("host", "ops man", "Passw0rd!"))?.Field));
        Assert.Equal((ErrorCodes.InvalidName, "provisioning.computerName"),
            (DeployPlanner.CheckCredentialFormats(new ProvisioningData("-host", "ops"))?.Code, DeployPlanner.CheckCredentialFormats(new ProvisioningData("-host", "ops"))?.Field));
        Assert.Null(DeployPlanner.CheckCredentialFormats(null));
    }

    private static (string Name, int PublicPort, int LocalPort) Only(List<Endpoint> endpoints) =>
        Assert.Single(endpoints) is var e ? (e.Name, e.PublicPort, e.LocalPort) : default;

    private static CloudService ServiceWith(int[] publicPorts) => new()
    {
        Name = "svc", Location = "West US",
        VirtualMachines = [new VirtualMachine { Name = "old", InstanceSize = "Small", Endpoints = publicPorts.Select(p => new Endpoint { Name = "e", Protocol = "tcp", PublicPort = p, LocalPort = p }).ToList() }],
    };

    private static Image UserImage(string location, int[]? luns = null, OsType os = OsType.Linux, OsState osState = OsState.Generalized) => new()
    {
        Name = "img", Label = "img", Location = location, Category = ImageCategory.User, Kind = ImageKind.VMImage, Os = os, OsState = osState,
        Disks = [.. (luns ?? []).Select(l => Disk(l, location, $"http://acct/vhds/d{l}.vhd")), Disk(null, location, "http://acct/vhds/os.vhd")],
    };

    private static ImageDisk Disk(int? lun, string location, string link) =>
        new() { Name = link, Lun = lun, Location = location, MediaLink = link, LogicalSizeInGb = 10 };

    [Fact]
    public void A_Chinese_reader_is_told_in_Chinese_what_a_password_or_key_lacks_and_the_code_stays()
    {
        using var _ = InCulture.Chinese();

        var weak = Credentials.CheckPassword("alllowercase1");
        Assert.Equal(ErrorCodes.WeakPassword, weak?.Code);
        Assert.Contains("大写字母和符号", weak!.Message);

        var key = Credentials.CheckSshKey("ssh-rsa");
        Assert.Equal(ErrorCodes.InvalidSshKey, key?.Code);
        Assert.Contains("SSH 公钥无效", key!.Message);

        var reserved = Credentials.CheckUserName("root");
        Assert.Equal(ErrorCodes.InvalidName, reserved?.Code);
        Assert.Contains("保留", reserved!.Message);
    }
}
