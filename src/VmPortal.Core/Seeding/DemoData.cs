using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Seeding;

/// <summary>The demo estate a first run shows: a few cloud services with running and stopped VMs, Windows and Linux, with data disks.</summary>
public static class DemoData
{
    public sealed record DemoDisk(int Lun, int SizeInGb, HostCaching HostCaching);

    public sealed record DemoVm(
        string Service, string Location, string Name, string Image, string Size, VmStatus Status, string AdminUser,
        IReadOnlyList<DemoDisk> DataDisks);

    public static readonly IReadOnlyList<DemoVm> Vms =
    [
        new("contoso-web", "West US", "web01", "Windows-Server-2012-R2-Datacenter", "Medium", VmStatus.ReadyRole, "contosoadmin",
            [new(0, 100, HostCaching.ReadOnly), new(1, 50, HostCaching.None)]),
        new("contoso-web", "West US", "web02", "Windows-Server-2012-R2-Datacenter", "Small", VmStatus.StoppedVM, "contosoadmin",
            [new(0, 100, HostCaching.ReadOnly)]),
        new("contoso-db", "West US", "sql01", "Windows-Server-2008-R2-SP1", "Large", VmStatus.ReadyRole, "dbadmin",
            [new(0, 1023, HostCaching.None), new(1, 512, HostCaching.ReadOnly), new(5, 256, HostCaching.None), new(15, 128, HostCaching.ReadWrite)]),
        new("fabrikam-app", "East US", "app01", "Ubuntu-Server-14.04-LTS", "Small", VmStatus.ReadyRole, "azureuser",
            [new(0, 64, HostCaching.None)]),
        new("fabrikam-app", "East US", "build01", "CentOS-6.5", "ExtraSmall", VmStatus.StoppedDeallocated, "azureuser", []),
        new("tailspin-dev", "North Europe", "dev01", "SUSE-Linux-Enterprise-Server-11-SP3", "Medium", VmStatus.StoppedVM, "tailspin",
            [new(0, 200, HostCaching.ReadWrite), new(1, 200, HostCaching.None)]),
    ];
}
