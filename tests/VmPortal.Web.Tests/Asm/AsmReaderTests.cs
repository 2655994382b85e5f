using System.Text;
using Microsoft.AspNetCore.Http;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Images;
using VmPortal.Web.Asm;

namespace VmPortal.Web.Tests.Asm;

/// <summary>
/// The ASM request readers on bodies the classic client sends for cases the end-to-end flow does not take: a Linux
/// provisioning set, a specialized image without one, a subnet in a virtual network, a label that is not base64, and
/// image updates that name a data disk by name only.
/// </summary>
public sealed class AsmReaderTests
{
    private const string Ns = "http://schemas.microsoft.com/windowsazure";

    [Fact]
    public async Task A_linux_role_maps_host_user_and_password_endpoints_subnet_and_network()
    {
        var deployment = DeploymentXml.Read(await ReadAsync("Deployment", $"""
            <Deployment xmlns="{Ns}"><Name>lnx</Name><DeploymentSlot>Production</DeploymentSlot><Label>lnx</Label><RoleList><Role>
            <RoleName>lnx1</RoleName><RoleType>PersistentVMRole</RoleType><ConfigurationSets>
            <ConfigurationSet><ConfigurationSetType>LinuxProvisioningConfiguration</ConfigurationSetType><HostName>lnx-host</HostName>
              <UserName>ops</UserName><UserPassword>Lnx-Pa55word</UserPassword><DisableSshPasswordAuthentication>false</DisableSshPasswordAuthentication></ConfigurationSet>
            <ConfigurationSet><ConfigurationSetType>NetworkConfiguration</ConfigurationSetType><InputEndpoints><InputEndpoint>
              <LocalPort>22</LocalPort><Name>SSH</Name><Port>50022</Port><Protocol>tcp</Protocol></InputEndpoint></InputEndpoints>
              <SubnetNames><SubnetName>front</SubnetName></SubnetNames></ConfigurationSet>
            </ConfigurationSets><VMImageName>ubuntu-web</VMImageName><RoleSize>Small</RoleSize><ProvisionGuestAgent>true</ProvisionGuestAgent>
            </Role></RoleList><VirtualNetworkName>corp-net</VirtualNetworkName></Deployment>
            """));

        var request = deployment.Request;
        Assert.Equal(("lnx", "lnx1", "ubuntu-web", "Small"), (deployment.Name, request.Name, request.ImageName, request.InstanceSize));
        Assert.Equal(("lnx-host", "ops", "Lnx-Pa55word"), (request.Provisioning!.ComputerName, request.Provisioning.AdminUserName, request.Provisioning.AdminPassword));
        Assert.Equal(("corp-net", "front"), (request.Network!.VirtualNetwork, request.Network.Subnet));
        var ssh = Assert.Single(request.Network.Endpoints!);
        Assert.Equal(("SSH", "tcp", 50022, 22), (ssh.Name, ssh.Protocol, ssh.PublicPort, ssh.LocalPort));
        Assert.False(request.AcknowledgeSpecializedClone); // ASM has no way to acknowledge a clone
    }

    [Fact]
    public async Task A_role_from_a_specialized_image_carries_no_provisioning_and_no_network_of_its_own()
    {
        var deployment = DeploymentXml.Read(await ReadAsync("Deployment", $"""
            <Deployment xmlns="{Ns}"><RoleList><Role><RoleName>copy1</RoleName><VMImageName>web01-snapshot</VMImageName>
            <RoleSize>Medium</RoleSize></Role></RoleList></Deployment>
            """));

        Assert.Null(deployment.Name);
        Assert.Null(deployment.Request.Provisioning);
        Assert.Null(deployment.Request.Network);
    }

    [Fact]
    public async Task A_hosted_service_label_arrives_base64_and_anything_else_is_refused()
    {
        var request = HostedServiceXml.Read(await ReadAsync("CreateHostedService",
            $"""<CreateHostedService xmlns="{Ns}"><ServiceName>shop</ServiceName><Label>{Convert.ToBase64String(Encoding.UTF8.GetBytes("Shop – front end"))}</Label><Description/><Location>West US</Location></CreateHostedService>"""));
        Assert.Equal(("shop", "West US", "Shop – front end", null), (request.Name, request.Location, request.Label, request.Description));

        var notBase64 = await Assert.ThrowsAsync<AsmRequestException>(async () => HostedServiceXml.Read(await ReadAsync("CreateHostedService",
            $"""<CreateHostedService xmlns="{Ns}"><ServiceName>shop</ServiceName><Label>Shop!</Label><Location>West US</Location></CreateHostedService>""")));
        Assert.Contains("base64", notBase64.Message);
        var affinity = await Assert.ThrowsAsync<AsmRequestException>(async () => HostedServiceXml.Read(await ReadAsync("CreateHostedService",
            $"""<CreateHostedService xmlns="{Ns}"><ServiceName>shop</ServiceName><AffinityGroup>ag1</AffinityGroup></CreateHostedService>""")));
        Assert.Contains("give a Location instead", affinity.Message);
    }

    [Fact]
    public async Task An_image_update_names_data_disks_by_lun_or_name_and_refuses_a_name_that_disagrees()
    {
        var image = Image(("img-datadisk-0", 0), ("img-datadisk-1", 1));

        var byName = VmImageChange.Read(await ReadAsync("VMImage", Update("<Name>IMG-DATADISK-1</Name><HostCaching>ReadOnly</HostCaching>"))).For(image);
        Assert.Equal((1, "ReadOnly"), (byName.Value!.DataDiskConfigurations![0].Lun, byName.Value.DataDiskConfigurations[0].HostCaching));
        Assert.Equal(("Renamed", ""), (byName.Value.Label, byName.Value.Description)); // an empty element clears

        var disagreeing = VmImageChange.Read(await ReadAsync("VMImage", Update("<Name>img-datadisk-1</Name><HostCaching>None</HostCaching><Lun>0</Lun>"))).For(image);
        Assert.Equal(ErrorCodes.ValidationFailed, disagreeing.Error!.Code);
        var unknown = VmImageChange.Read(await ReadAsync("VMImage", Update("<Name>nope</Name><HostCaching>None</HostCaching>"))).For(image);
        Assert.Equal(ErrorCodes.InvalidLun, unknown.Error!.Code);
    }

    private static string Update(string disk) =>
        $"""<VMImage xmlns="{Ns}"><Label>Renamed</Label><DataDiskConfigurations><DataDiskConfiguration>{disk}</DataDiskConfiguration></DataDiskConfigurations><Description/><SmallIconUri>http://x/i.png</SmallIconUri></VMImage>""";

    private static ImageView Image(params (string Name, int Lun)[] disks) => new(
        "img", ImageKind.VMImage, "Img", null, ImageCategory.User, "West US", ["West US"], OsType.Linux, OsState.Generalized, ImageState.Ready,
        null, null, false, null, null, null, null, null, true, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
        new Dictionary<string, string>(), false, new ImageLifecycleView(LifecycleState.Active), null, null, null, null, null,
        new OsDiskConfigurationView("img-os", HostCaching.ReadWrite, OsState.Generalized, OsType.Linux, "http://a/vhds/img-os.vhd", 30, "West US", null),
        disks.Select(d => new DataDiskConfigurationView(d.Name, HostCaching.None, d.Lun, $"http://a/vhds/{d.Name}.vhd", 10, null)).ToList(),
        0, null);

    private static Task<AsmElement> ReadAsync(string root, string xml)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(xml);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        context.Request.ContentType = "application/xml";
        return AsmRequest.ReadAsync(context.Request, root);
    }
}
