using VmPortal.Core.Fabric.Qemu;
using VmPortal.Core.Images;
using VmPortal.Core.Storage;
using VmPortal.Qemu.Tests.Guest;
using VmPortal.Testing;

namespace VmPortal.Qemu.Tests;

/// <summary>
/// A portal on the real fabric: <c>Fabric:Kind</c> = <c>Qemu</c>, its guests booting "VmPortal Linux", which it
/// registered through the upload route (R18) as a generalized OS image — as an operator would.
/// </summary>
public class QemuHost(AzuriteFixture azurite) : CoreHost(azurite)
{
    public const string ImageName = "VmPortal-Linux";

    /// <summary>The guests this portal may run at once (<c>Fabric:Qemu:MaxRunningVms</c>).</summary>
    public const int MaxRunning = 3;

    /// <summary>How long a guest may take to let go of a detached disk here (<c>Fabric:Qemu:UnplugTimeout</c>); one lets go in about a second.</summary>
    public static readonly TimeSpan UnplugTimeout = TimeSpan.FromSeconds(10);

    private readonly string _work = System.IO.Directory.CreateTempSubdirectory("vmportal-qemu-").FullName;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fabric:Kind"] = "Qemu",
        ["Fabric:Qemu:GuestDirectory"] = GuestImage.Folder,
        ["Fabric:Qemu:WorkDirectory"] = _work,
        ["Fabric:Qemu:MaxRunningVms"] = MaxRunning.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Fabric:Qemu:UnplugTimeout"] = UnplugTimeout.ToString(),
    };

    public override async ValueTask InitializeAsync()
    {
        await GuestImage.EnsureBuiltAsync();
        await base.InitializeAsync();
        var image = await Get<ImageRegistration>().UploadOsImageAsync(GuestImage.Vhd, AccountName,
            new RegisterOsImageRequest(ImageName, "VmPortal Linux", Os: "Linux", Description: "A busybox guest whose init is the VmPortal guest agent."),
            "tests");
        Assert.True(image.Succeeded, image.Error?.Message);
    }

    private string AccountName => Get<BlobAccounts>().All.First(a => a.Location == "West US").Name;

    public QemuMachine Machine(int vmId) => Get<QemuMachines>().Find(vmId) ?? throw new InvalidOperationException($"VM {vmId} runs under no QEMU here.");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try { System.IO.Directory.Delete(_work, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
