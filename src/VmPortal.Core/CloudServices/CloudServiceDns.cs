namespace VmPortal.Core.CloudServices;

/// <summary>A cloud service is a DNS label: its VMs' endpoints answer at <c>name.cloudapp.net</c>.</summary>
public static class CloudServiceDns
{
    public const string Suffix = ".cloudapp.net";

    public static string Name(string serviceName) => serviceName + Suffix;
}
